package dev.caplab.messaging.saga;

/**
 * Where a saga is. {@code RUNNING} moves forward through the steps; {@code COMPENSATING} moves
 * backward through the compensations of the steps already done; {@code COMPLETED} and {@code
 * COMPENSATED} are terminal: every step took effect, or every step that may have taken effect was
 * undone.
 *
 * <p>Immutable and thread-safe.
 */
public enum SagaState {
  /** Running the steps forward. */
  RUNNING,
  /** A step failed: running the compensations of the steps done, latest first. */
  COMPENSATING,
  /** Every step took effect. */
  COMPLETED,
  /** Every step that may have taken effect was compensated. */
  COMPENSATED;

  /** Whether the saga is over: {@code COMPLETED} or {@code COMPENSATED}. */
  public boolean terminal() {
    return this == COMPLETED || this == COMPENSATED;
  }
}
