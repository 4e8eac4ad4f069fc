/**
 * Resilience primitives (issue 6), each usable embedded on real time and inside the simulation on
 * virtual time: time comes only from an injected {@link dev.caplab.time.Ticker}, and none starts a
 * thread. {@link dev.caplab.messaging.resilience.CircuitBreaker} follows Resilience4j's state
 * machine, semantics and defaults; its configuration is {@link
 * dev.caplab.messaging.resilience.CircuitBreakerConfig} and its Micrometer meters come from {@link
 * dev.caplab.messaging.resilience.CircuitBreakerMetricsBinder}.
 */
package dev.caplab.messaging.resilience;
