/** The {@code caplab} command line and its scenarios. */
package dev.caplab.examples;
