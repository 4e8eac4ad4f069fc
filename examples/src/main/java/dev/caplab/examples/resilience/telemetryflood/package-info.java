/**
 * The {@code telemetry-flood} scenario: after an outage, devices flush their backlog at 50 times
 * the normal rate into a server that sheds with 429 and Retry-After, bounds its queue, or lets the
 * queue grow until it runs out of memory.
 */
package dev.caplab.examples.resilience.telemetryflood;
