package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import java.time.Duration;

/**
 * A failure that carries the server's Retry-After hint (an HTTP 429 or 503 answer, or a
 * {@link LoadShedder} shedding the call). {@link RetryConfig}'s default Retry-After extractor
 * recognises it, so a {@link Retry} waits {@code max(retryAfter, backoff)} before the next attempt.
 *
 * <p>Immutable; thread-safe.
 */
public class RetryAfterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RetryAfterException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = Require.notNull(retryAfter, "retryAfter");
    Require.atLeast("retryAfter", retryAfter, Duration.ZERO);
  }

  /** How long the server asked the client to wait. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
