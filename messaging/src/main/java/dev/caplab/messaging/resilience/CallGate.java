package dev.caplab.messaging.resilience;

/**
 * The circuit-breaker slot of {@link Decorators}: anything that decides, call by call, whether a
 * call may go ahead and learns from its outcome. The CircuitBreaker
 * implements it with Resilience4j's semantics; until then tests and scenarios may plug in their
 * own gate. The methods mirror Resilience4j's {@code CircuitBreaker}:
 *
 * <ul>
 *   <li>{@link #tryAcquirePermission()} before the call; if it returns {@code false} the call is
 *       not made and {@link #notPermitted()} is thrown;
 *   <li>after a permitted call exactly one of {@link #onSuccess(long)} (or {@link #onResult(long,
 *       Object)}), {@link #onError(long, Throwable)}, or {@link #releasePermission()} (the call was not made after all, for
 *       example because an inner layer refused it before it started; a gate may also receive
 *       {@code onError} for such refusals when it sits outside those layers, see {@link
 *       Decorators}).
 * </ul>
 *
 * <p>Implementations must be thread-safe when used from several threads.
 */
public interface CallGate {

  /** The gate's name, for messages and meters. */
  String name();

  /** Whether a call may go ahead now; a {@code true} must be followed by one outcome report. */
  boolean tryAcquirePermission();

  /** A permitted call was not made: give its permission back without recording an outcome. */
  void releasePermission();

  /** A permitted call succeeded after {@code durationNanos}. */
  void onSuccess(long durationNanos);

  /** A permitted call failed with {@code error} after {@code durationNanos}. */
  void onError(long durationNanos, Throwable error);

  /**
   * A permitted call returned {@code result} after {@code durationNanos}: a success unless the gate
   * judges results (a circuit breaker's record-result predicate).
   */
  default void onResult(long durationNanos, Object result) {
    onSuccess(durationNanos);
  }

  /**
   * The exception thrown when {@link #tryAcquirePermission()} refuses a call; a circuit breaker
   * overrides it with its own call-not-permitted exception.
   */
  default RuntimeException notPermitted() {
    return new GateRejectedException(name());
  }
}
