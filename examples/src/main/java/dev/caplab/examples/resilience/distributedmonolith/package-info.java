/**
 * The {@code distributed-monolith} scenario: a checkout that calls four services synchronously,
 * whose availability is the product of theirs, against one that calls two and hands the rest to a
 * queue processed later with retries.
 */
package dev.caplab.examples.resilience.distributedmonolith;
