/**
 * The {@code circuit-breaker} scenario: a web service with a bounded pool of request slots
 * depends on a backend that turns slow, then fails, then recovers; the same requests run without
 * and with a circuit breaker around the calls to that backend.
 */
package dev.caplab.examples.resilience.circuitbreaker;
