/**
 * Messaging and resilience miniatures (not built yet): a partitioned log with consumer groups,
 * queues with visibility timeouts, dead-letter queues and redrive, idempotent consumers, sagas,
 * and the resilience primitives of issue 6 (circuit breaker, retry with backoff and jitter,
 * retry budgets, rate limiting, load shedding, bulkhead, time limiter) in
 * {@code dev.caplab.messaging.resilience}.
 */
package dev.caplab.messaging;
