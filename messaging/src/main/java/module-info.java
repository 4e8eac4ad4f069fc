/**
 * caplab's messaging: resilience primitives (circuit breaker, retry with backoff and jitter, rate
 * limiter, bulkhead, time limiter, load shedder, and their composition) and a partitioned log with
 * consumer groups (Kafka semantics). Each takes its time from
 * a {@code dev.caplab.time.Ticker} and starts no thread, so it runs embedded or in a simulation.
 * The breaker's state classes ({@code dev.caplab.messaging.resilience.internal}) are not exported.
 */
module dev.caplab.messaging {
  requires transitive dev.caplab.core;

  exports dev.caplab.messaging.log;
  exports dev.caplab.messaging.resilience;
}
