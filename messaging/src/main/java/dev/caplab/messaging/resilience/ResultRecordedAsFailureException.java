package dev.caplab.messaging.resilience;

/**
 * The failure a {@link CircuitBreaker} records (and publishes in a {@link
 * CircuitBreakerEvent.Error}) when {@link CircuitBreaker#onResult} is given a result that the
 * configured {@link CircuitBreakerConfig.Builder#recordResult record-result predicate} accepts.
 * Never thrown by the breaker itself. Immutable; it has no stack trace.
 */
public final class ResultRecordedAsFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Object result;

  ResultRecordedAsFailureException(String circuitBreakerName, Object result) {
    super(
        "CircuitBreaker '" + circuitBreakerName + "' recorded the result " + result
            + " as a failure",
        null,
        false,
        false);
    this.result = result;
  }

  /** The result that was recorded as a failure. */
  public Object result() {
    return result;
  }
}
