/**
 * Implementation details of {@code dev.caplab.messaging.resilience}: the sliding windows that
 * aggregate call outcomes for the circuit breaker. Not an API: these classes may change at any time.
 */
package dev.caplab.messaging.resilience.internal;
