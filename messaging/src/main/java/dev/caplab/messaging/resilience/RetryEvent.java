package dev.caplab.messaging.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Something a {@link Retry} did, delivered synchronously to the listeners registered with {@link
 * Retry#eventPublisher()}: Resilience4j's retry events as records.
 *
 * <p>Every event carries the retry's name and the number of attempts made so far, the current one
 * included, as {@link RetryDecision#attempts()}. A retry reads no clock, so its events carry no
 * time; a listener that wants one reads its own ticker.
 */
public sealed interface RetryEvent {

  /** The retry's name. */
  String retryName();

  /** Attempts made so far, the current one included. */
  int attempts();

  /**
   * An attempt failed (or returned a retried result) and another will be made after {@code delay}.
   *
   * @param throwable the failure, or null for a retried result
   */
  record Retrying(String retryName, int attempts, Throwable throwable, Duration delay)
      implements RetryEvent {
    public Retrying {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /**
   * A call succeeded after at least one retry (as in Resilience4j, a first-attempt success
   * publishes nothing).
   */
  record Success(String retryName, int attempts) implements RetryEvent {}

  /**
   * A call gave up on a retryable failure: its attempts or the budget ran out.
   *
   * @param throwable the last failure, or null if the last attempt returned a retried result
   */
  record Error(String retryName, int attempts, Throwable throwable, RetryDecision.Reason reason)
      implements RetryEvent {
    public Error {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A call gave up at once on a failure that is not retried. */
  record IgnoredError(String retryName, int attempts, Throwable throwable)
      implements RetryEvent {
    public IgnoredError {
      Objects.requireNonNull(throwable, "throwable");
    }
  }
}
