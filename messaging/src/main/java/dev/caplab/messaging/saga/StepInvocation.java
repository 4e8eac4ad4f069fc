package dev.caplab.messaging.saga;

import dev.caplab.config.Require;

/**
 * One run of one half of one saga step, handed to its {@link StepAction}: what to act on, and the
 * two ways to report the outcome. Only the first report of the current invocation counts: a report
 * that comes after the step's timeout, after another report, or after the coordinator moved on, is
 * ignored (it returns false).
 *
 * <p>Not thread-safe: report on the coordinator's thread.
 *
 * @param <P> the payload type
 */
public final class StepInvocation<P> {

  private final SagaCoordinator<P> coordinator;
  private final SagaCoordinator.Execution<P> execution;
  private final int stepIndex;
  private final StepPhase phase;
  private final int attempt;
  private final long token;

  StepInvocation(SagaCoordinator<P> coordinator, SagaCoordinator.Execution<P> execution, int stepIndex,
      StepPhase phase, int attempt, long token) {
    this.coordinator = coordinator;
    this.execution = execution;
    this.stepIndex = stepIndex;
    this.phase = phase;
    this.attempt = attempt;
    this.token = token;
  }

  /** The saga's id: with {@link #step()}, the key a service deduplicates by. */
  public String sagaId() {
    return execution.record.sagaId();
  }

  /** The saga's payload. */
  public P payload() {
    return execution.record.payload();
  }

  /** The step's name. */
  public String step() {
    return coordinator.definition().steps().get(stepIndex).name();
  }

  /** Whether this runs the step's action or its compensation. */
  public StepPhase phase() {
    return phase;
  }

  /** 1 for the first run of this half of this step by this coordinator, 2 for its first retry, ... */
  public int attempt() {
    return attempt;
  }

  /** Reports that the work took effect; returns whether the report counted. */
  public boolean succeeded() {
    return coordinator.report(this, Outcome.SUCCEEDED, null);
  }

  /**
   * Reports that the work was refused and took no effect (out of stock, card declined); returns
   * whether the report counted. A failed compensation is retried: compensations must not fail for
   * good.
   */
  public boolean failed(String reason) {
    return coordinator.report(this, Outcome.FAILED, Require.notNull(reason, "reason"));
  }

  SagaCoordinator.Execution<P> execution() {
    return execution;
  }

  int stepIndex() {
    return stepIndex;
  }

  long token() {
    return token;
  }

  @Override
  public String toString() {
    return "StepInvocation[" + sagaId() + ", " + step() + ", " + phase + ", attempt " + attempt + "]";
  }

  /** What a run of a step came to. */
  enum Outcome {
    SUCCEEDED, FAILED, TIMED_OUT
  }
}
