package dev.caplab.messaging.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Something a {@link CircuitBreaker} did, delivered synchronously to the listeners registered with
 * {@link CircuitBreaker#eventPublisher()}: Resilience4j's circuit breaker events as records.
 *
 * <p>Every event carries the breaker's name and the breaker's ticker reading when it happened
 * ({@link #nanos()}: simulated time inside a simulation).
 *
 * <p>Like Resilience4j, a breaker in DISABLED or FORCED_OPEN publishes only {@link
 * StateTransition} and {@link Reset} events.
 */
public sealed interface CircuitBreakerEvent {

  /** The breaker's name. */
  String circuitBreakerName();

  /** The breaker's ticker reading when the event happened. */
  long nanos();

  /** The breaker moved from one state to another. */
  record StateTransition(
      String circuitBreakerName, long nanos, CircuitBreaker.State from, CircuitBreaker.State to)
      implements CircuitBreakerEvent {
    public StateTransition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** A call was recorded as a success (including an exception neither recorded nor ignored). */
  record Success(String circuitBreakerName, long nanos, Duration elapsed)
      implements CircuitBreakerEvent {}

  /** A call was recorded as a failure. */
  record Error(String circuitBreakerName, long nanos, Duration elapsed, Throwable throwable)
      implements CircuitBreakerEvent {}

  /** A call failed with an ignored exception: not recorded, its permission released. */
  record IgnoredError(String circuitBreakerName, long nanos, Duration elapsed, Throwable throwable)
      implements CircuitBreakerEvent {}

  /** A call asked for a permission and was refused. */
  record CallNotPermitted(String circuitBreakerName, long nanos) implements CircuitBreakerEvent {}

  /** The failure rate reached its threshold (published just before the move to OPEN). */
  record FailureRateExceeded(String circuitBreakerName, long nanos, float failureRate)
      implements CircuitBreakerEvent {}

  /** The slow-call rate reached its threshold (published just before the move to OPEN). */
  record SlowCallRateExceeded(String circuitBreakerName, long nanos, float slowCallRate)
      implements CircuitBreakerEvent {}

  /** The breaker was reset to a fresh CLOSED state. */
  record Reset(String circuitBreakerName, long nanos) implements CircuitBreakerEvent {}
}
