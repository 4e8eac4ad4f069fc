/**
 * Messaging and resilience miniatures. Built: the resilience primitives in {@code
 * dev.caplab.messaging.resilience} (circuit breaker, retry with backoff, jitter and a retry budget,
 * rate limiter, bulkhead, time limiter, load shedder, decorators). Not built yet: a partitioned log
 * with consumer groups ({@code dev.caplab.messaging.log}), queues with visibility timeouts,
 * dead-letter queues and redrive, and idempotent consumers ({@code dev.caplab.messaging.queue}),
 * and sagas ({@code dev.caplab.messaging.saga}).
 */
package dev.caplab.messaging;
