package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import java.time.Duration;

/**
 * One step of a {@link SagaDefinition}: its name (unique in the saga, the key a service
 * deduplicates by together with the saga id), its action, its compensation, and how long the
 * coordinator waits for either before it treats the run as failed.
 *
 * <p>A compensatable step (before the point of no return) has a compensation; a retriable step
 * (after it) has none: it cannot fail the saga, so it is retried until it succeeds.
 *
 * <p>Immutable and thread-safe when its actions are.
 *
 * @param <P> the payload type
 * @param name the step's name
 * @param action the step's action
 * @param compensation the action's semantic undo, or null for a retriable step
 * @param timeout how long one run of the action or the compensation may take
 */
public record SagaStep<P>(String name, StepAction<P> action, StepAction<P> compensation, Duration timeout) {

  public SagaStep {
    Require.notNull(name, "name");
    Require.requireArgument(!name.isBlank(), "name must not be blank, got '%s'", name);
    Require.notNull(action, "action");
    Require.positive("timeout", timeout);
  }

  /** Whether the step comes after the point of no return: no compensation, retried until done. */
  public boolean retriable() {
    return compensation == null;
  }
}
