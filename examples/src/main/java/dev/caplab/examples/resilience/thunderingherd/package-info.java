/**
 * The {@code thundering-herd} scenario: callers contending on one row by optimistic concurrency
 * under Marc Brooker's backoff strategies (no jitter, full, equal, decorrelated, and full jitter
 * with a retry budget), and a crashed service of limited capacity hit by the retries of its clients
 * when it comes back.
 */
package dev.caplab.examples.resilience.thunderingherd;
