package dev.caplab.messaging.resilience;

/**
 * A {@link RateLimiter} found no permit within its timeout (Resilience4j's name for it).
 *
 * <p>Immutable; thread-safe.
 */
public final class RequestNotPermitted extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RequestNotPermitted(String rateLimiterName) {
    super("RateLimiter '" + rateLimiterName + "' does not permit further calls");
  }
}
