/**
 * Messaging and resilience miniatures: the resilience primitives in {@code
 * dev.caplab.messaging.resilience} (circuit breaker, retry with backoff, jitter and a retry budget,
 * rate limiter, bulkhead, time limiter, load shedder, decorators), a partitioned log with consumer
 * groups and an idempotent producer ({@code dev.caplab.messaging.log}), and queues with visibility
 * timeouts, dead-letter queues, redrive, poison-pill handling and idempotent consumers ({@code
 * dev.caplab.messaging.queue}, with broker nodes in {@code dev.caplab.messaging.queue.broker}).
 * Sagas ({@code dev.caplab.messaging.saga}) are still to be built.
 */
package dev.caplab.messaging;
