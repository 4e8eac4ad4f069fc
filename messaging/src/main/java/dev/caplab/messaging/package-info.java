/**
 * Messaging and resilience miniatures. Built: the resilience primitives in {@code
 * dev.caplab.messaging.resilience} (circuit breaker, retry with backoff, jitter and a retry
 * budget, rate limiter, bulkhead, time limiter, load shedder, decorators). Not built
 * yet: a partitioned log with consumer groups, queues with visibility timeouts, dead-letter queues
 * and redrive, idempotent consumers, sagas.
 */
package dev.caplab.messaging;
