/**
 * Messaging and resilience miniatures. Built: the resilience primitives in {@code
 * dev.caplab.messaging.resilience} (circuit breaker, retry with backoff, jitter and a retry budget,
 * rate limiter, bulkhead, time limiter, load shedder, decorators), and a partitioned log with
 * consumer groups and an idempotent producer ({@code dev.caplab.messaging.log}). Not built yet:
 * queues with visibility timeouts,
 * dead-letter queues and redrive, and idempotent consumers ({@code dev.caplab.messaging.queue}),
 * and sagas ({@code dev.caplab.messaging.saga}).
 */
package dev.caplab.messaging;
