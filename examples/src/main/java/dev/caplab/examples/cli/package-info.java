/**
 * The {@code caplab} command line: picocli commands over the {@link
 * dev.caplab.examples.ScenarioCatalog}, with one-line errors and exit code 2 for bad input.
 */
package dev.caplab.examples.cli;
