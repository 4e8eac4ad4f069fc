package dev.caplab.messaging.saga;

import dev.caplab.config.Require;

/**
 * A saga's progress as the coordinator persists it before every move, so that a coordinator that
 * crashes resumes the saga where it was: which saga, with what payload, in which state, and which
 * step comes next.
 *
 * <p>{@code step} is, while {@code RUNNING}, the index of the step whose action runs now (equal
 * to the number of compensatable steps once the point of no return is passed); while {@code
 * COMPENSATING}, the index of the step whose compensation runs now ({@code -1} when none is
 * left). {@code retriableDone} has bit {@code i} set once retriable step {@code i} (counted from
 * the first step after the point of no return) was acknowledged.
 *
 * <p>Immutable and thread-safe when the payload is.
 *
 * @param <P> the payload type
 * @param sagaId the saga's id, unique per coordinator
 * @param payload what the steps act on (an order, say)
 * @param state the saga's state
 * @param step the step that runs now, as described above
 * @param retriableDone the acknowledged retriable steps, as a bit set
 */
public record SagaRecord<P>(String sagaId, P payload, SagaState state, int step, long retriableDone) {

  public SagaRecord {
    Require.notNull(sagaId, "sagaId");
    Require.notNull(state, "state");
    Require.atLeast("step", step, -1);
  }

  /** A new saga, at its first step. */
  public static <P> SagaRecord<P> started(String sagaId, P payload) {
    return new SagaRecord<>(sagaId, payload, SagaState.RUNNING, 0, 0L);
  }

  SagaRecord<P> at(SagaState newState, int newStep) {
    return new SagaRecord<>(sagaId, payload, newState, newStep, retriableDone);
  }

  SagaRecord<P> withRetriableDone(int retriable) {
    return new SagaRecord<>(sagaId, payload, state, step, retriableDone | (1L << retriable));
  }

  boolean retriableDone(int retriable) {
    return (retriableDone & (1L << retriable)) != 0;
  }
}
