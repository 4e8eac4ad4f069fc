/**
 * Scenarios: named, seeded, reproducible runs of a simulated system, their results, and the
 * registry the {@code caplab} command line reads.
 */
package dev.caplab.examples.scenario;
