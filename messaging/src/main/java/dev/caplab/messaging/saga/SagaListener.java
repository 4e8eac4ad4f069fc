package dev.caplab.messaging.saga;

/**
 * Hears a {@link SagaCoordinator}'s sagas move, for metrics, reports and answering the caller at
 * the point of no return. Called on the coordinator's thread, after the move was saved. A resumed
 * saga may be heard again ({@link #pivotPassed} once more if the coordinator crashed after it).
 *
 * <p>Called on the coordinator's one thread: an implementation needs no locks of its own.
 */
public interface SagaListener {

  /** Saga {@code sagaId} started (not called for a resumed saga). */
  default void started(String sagaId) {}

  /** Every compensatable step of saga {@code sagaId} succeeded: it will complete. */
  default void pivotPassed(String sagaId) {}

  /** Step {@code step} of saga {@code sagaId} failed ({@code reason}, or "timeout"): compensation starts. */
  default void compensating(String sagaId, String step, String reason) {}

  /** Saga {@code sagaId} reached {@code terminal}, {@code COMPLETED} or {@code COMPENSATED}. */
  default void finished(String sagaId, SagaState terminal) {}

  /** A listener that hears nothing. */
  SagaListener NONE = new SagaListener() {};
}
