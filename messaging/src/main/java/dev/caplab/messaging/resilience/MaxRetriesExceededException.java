package dev.caplab.messaging.resilience;

/**
 * A call whose results kept matching {@link RetryConfig#retryOnResult()} until its {@link Retry}
 * gave up, with {@link RetryConfig#failAfterMaxAttempts()} set (Resilience4j's exception of the
 * same name). Without that setting the call returns its last result instead.
 *
 * <p>Immutable; thread-safe.
 */
public final class MaxRetriesExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String retryName;
  private final int attempts;
  private final transient Object lastResult;

  MaxRetriesExceededException(String retryName, int attempts, Object lastResult) {
    super("Retry '" + retryName + "' has exhausted all attempts (" + attempts + ")");
    this.retryName = retryName;
    this.attempts = attempts;
    this.lastResult = lastResult;
  }

  public String retryName() {
    return retryName;
  }

  /** Attempts made, the first call included. */
  public int attempts() {
    return attempts;
  }

  /** The last attempt's result, which was still to be retried (may be null). */
  public Object lastResult() {
    return lastResult;
  }
}
