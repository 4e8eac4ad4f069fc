package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A saga: an ordered list of steps, the compensatable ones first (each with an action and a
 * compensation), then, after the point of no return, the retriable ones (an action only, run
 * concurrently and retried until each succeeds). This is the structure microservices.io gives a
 * saga: compensatable transactions, a pivot (the last compensatable step: once it succeeds the
 * saga will complete), and retriable transactions; Garcia-Molina and Salem's sagas are the special
 * case without retriable steps.
 *
 * <pre>{@code
 * SagaDefinition<Order> checkout = SagaDefinition.<Order>builder("checkout")
 *     .step("reserveInventory", reserve, release, Duration.ofSeconds(1))
 *     .step("chargeCard", charge, refund, Duration.ofSeconds(1))
 *     .retriableStep("email", sendEmail, Duration.ofSeconds(1))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe when its actions are.
 *
 * @param <P> the payload type
 */
public final class SagaDefinition<P> {

  /** The most retriable steps a saga may have: their acknowledgements are one bit each of a long. */
  public static final int MAX_RETRIABLE_STEPS = Long.SIZE;

  private final String name;
  private final List<SagaStep<P>> steps;
  private final int compensatable;

  private SagaDefinition(String name, List<SagaStep<P>> steps, int compensatable) {
    this.name = name;
    this.steps = List.copyOf(steps);
    this.compensatable = compensatable;
  }

  /** A builder of a saga called {@code name}. */
  public static <P> Builder<P> builder(String name) {
    return new Builder<>(name);
  }

  /** The saga's name. */
  public String name() {
    return name;
  }

  /** Every step: the compensatable ones in order, then the retriable ones. */
  public List<SagaStep<P>> steps() {
    return steps;
  }

  /** How many steps come before the point of no return (the index of the first retriable step). */
  public int compensatableSteps() {
    return compensatable;
  }

  /** How many steps come after the point of no return. */
  public int retriableSteps() {
    return steps.size() - compensatable;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (SagaStep<P> s : steps) {
      names.add(s.retriable() ? s.name() + " (retriable)" : s.name());
    }
    return "SagaDefinition[" + name + ": " + String.join(", ", names) + "]";
  }

  /**
   * Builds a {@link SagaDefinition}: compensatable steps first, retriable steps after them.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder<P> {

    private final String name;
    private final List<SagaStep<P>> steps = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private int compensatable;

    private Builder(String name) {
      Require.notNull(name, "name");
      Require.requireArgument(!name.isBlank(), "name must not be blank, got '%s'", name);
      this.name = name;
    }

    /**
     * Adds a compensatable step: {@code action} runs forward, {@code compensation} undoes it if a
     * later step fails (or if this one times out, since its outcome is then unknown).
     *
     * @throws IllegalArgumentException if the name is blank or taken, the action or compensation
     *     is null, the timeout is not positive, or a retriable step was added already
     */
    public Builder<P> step(String stepName, StepAction<P> action, StepAction<P> compensation, Duration timeout) {
      Require.requireArgument(compensation != null, "compensation of step '%s' must not be null: a step before"
          + " the point of no return must be undoable (a step after it takes none: use retriableStep)", stepName);
      Require.requireArgument(steps.size() == compensatable, "step '%s' must come before the retriable steps %s:"
          + " the point of no return is after the last compensatable step", stepName, retriableNames());
      add(stepName, action, compensation, timeout);
      compensatable++;
      return this;
    }

    /**
     * Adds a retriable step after the point of no return: it runs once every compensatable step has
     * succeeded, concurrently with the other retriable steps, and is retried until it succeeds.
     *
     * @throws IllegalArgumentException if the name is blank or taken, the action is null, or the
     *     timeout is not positive
     */
    public Builder<P> retriableStep(String stepName, StepAction<P> action, Duration timeout) {
      Require.requireArgument(retriableCount() < MAX_RETRIABLE_STEPS, "retriable steps must be at most %d, got"
          + " one more: '%s'", MAX_RETRIABLE_STEPS, stepName);
      add(stepName, action, null, timeout);
      return this;
    }

    private void add(String stepName, StepAction<P> action, StepAction<P> compensation, Duration timeout) {
      Require.requireArgument(stepName != null, "stepName must not be null");
      Require.requireArgument(action != null, "action of step '%s' must not be null", stepName);
      Require.requireArgument(timeout != null, "timeout of step '%s' must not be null", stepName);
      Require.requireArgument(!timeout.isNegative() && !timeout.isZero(), "timeout of step '%s' must be > 0s,"
          + " got %s", stepName, Durations.exact(timeout));
      Require.positive("timeout", timeout); // and fit a long of nanoseconds
      Require.requireArgument(!names.contains(stepName), "stepName must be unique in saga '%s', got '%s' twice",
          name, stepName);
      steps.add(new SagaStep<>(stepName, action, compensation, timeout));
      names.add(stepName);
    }

    private int retriableCount() {
      return steps.size() - compensatable;
    }

    private List<String> retriableNames() {
      return steps.subList(compensatable, steps.size()).stream().map(SagaStep::name).toList();
    }

    /**
     * The saga.
     *
     * @throws IllegalStateException if no step was added
     */
    public SagaDefinition<P> build() {
      Require.requireState(!steps.isEmpty(), "steps of saga '%s' must be at least one, got none", name);
      return new SagaDefinition<>(name, steps, compensatable);
    }
  }
}
