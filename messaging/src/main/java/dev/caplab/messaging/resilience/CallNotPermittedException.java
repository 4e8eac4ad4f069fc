package dev.caplab.messaging.resilience;

/**
 * Thrown by {@link CircuitBreaker#acquirePermission()} and the breaker's decorators when the breaker
 * does not permit a call: it is OPEN, FORCED_OPEN, or HALF_OPEN with all its trial calls taken.
 *
 * <p>The message names the breaker and its state, as Resilience4j's does: {@code CircuitBreaker
 * 'payments' is OPEN and does not permit further calls}. Immutable.
 */
public final class CallNotPermittedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String circuitBreakerName;
  private final CircuitBreaker.State state;

  CallNotPermittedException(String circuitBreakerName, CircuitBreaker.State state, boolean stackTrace) {
    super(
        "CircuitBreaker '" + circuitBreakerName + "' is " + state
            + " and does not permit further calls",
        null,
        false,
        stackTrace);
    this.circuitBreakerName = circuitBreakerName;
    this.state = state;
  }

  /** The name of the breaker that refused the call. */
  public String circuitBreakerName() {
    return circuitBreakerName;
  }

  /** The breaker's state when it refused the call. */
  public CircuitBreaker.State state() {
    return state;
  }
}
