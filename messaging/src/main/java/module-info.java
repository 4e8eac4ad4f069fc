/**
 * caplab's messaging: resilience primitives (circuit breaker, retry with backoff and jitter, rate
 * limiter, bulkhead, time limiter, load shedder, and their composition), a partitioned log with
 * consumer groups (Kafka semantics), and queues with dead-letter queues and redrive (SQS
 * semantics), with broker nodes for the simulation, and sagas (orchestrated, with compensations).
 * Each takes its time from a {@code dev.caplab.time.Ticker} and starts no thread, so it runs
 * embedded or in a simulation.
 * The breaker's state classes ({@code dev.caplab.messaging.resilience.internal}) are not exported.
 */
module dev.caplab.messaging {
  requires transitive dev.caplab.core;
  requires com.github.benmanes.caffeine;

  exports dev.caplab.messaging.log;
  exports dev.caplab.messaging.queue;
  exports dev.caplab.messaging.queue.broker;
  exports dev.caplab.messaging.resilience;
  exports dev.caplab.messaging.saga;
}
