/**
 * Checking configuration values: {@link dev.caplab.config.Require} holds the argument and state
 * checks that every module's builders, constructors and methods share, so that each bad value is
 * refused with one message shape, "name must rule, got value".
 */
package dev.caplab.config;
