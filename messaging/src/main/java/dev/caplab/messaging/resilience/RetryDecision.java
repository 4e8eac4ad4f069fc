package dev.caplab.messaging.resilience;

/**
 * What a {@link Retry.Context} tells the caller after an attempt: retry after a delay, give up and
 * why, or (only from {@link Retry.Context#onResult}) done, the result is the call's outcome. An event-driven caller (a simulated client node) schedules the next attempt
 * with its own timer: {@code if (d instanceof RetryDecision.RetryIn r) ctx.schedule(r.delay(),
 * ...)}.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface RetryDecision permits RetryDecision.RetryIn, RetryDecision.GiveUp, RetryDecision.Done {

  /** Attempts made so far, the failed one included. */
  int attempts();

  /** Whether the caller should attempt again. */
  default boolean shouldRetry() {
    return this instanceof RetryIn;
  }

  /**
   * Attempt again after {@code delayNanos}: {@code max(backoff, server's Retry-After)}.
   *
   * @param backoffNanos what the backoff alone asked for
   * @param retryAfterNanos the server's hint, or -1 if none
   */
  record RetryIn(int attempts, long delayNanos, long backoffNanos, long retryAfterNanos)
      implements RetryDecision {

    public java.time.Duration delay() {
      return java.time.Duration.ofNanos(delayNanos);
    }
  }

  /**
   * Stop: the last failure is the call's outcome (after {@link Retry.Context#onResult}: the last
   * result, or {@link MaxRetriesExceededException} if {@link RetryConfig#failAfterMaxAttempts()}).
   */
  record GiveUp(int attempts, Reason reason) implements RetryDecision {}

  /** Stop: the attempt returned a result that is not retried, and the call succeeded with it. */
  record Done(int attempts) implements RetryDecision {}

  /** Why a retry gave up. */
  enum Reason {
    /** The failure is not retryable (the retry-on-exception predicate said no). */
    NON_RETRYABLE,
    /** {@code maxAttempts} attempts were made, the first call included. */
    ATTEMPTS_EXHAUSTED,
    /** The {@link RetryBudget} held too few tokens for another retry. */
    BUDGET_EXHAUSTED
  }
}
