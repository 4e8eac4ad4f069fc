package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import dev.caplab.messaging.saga.StepInvocation.Outcome;
import dev.caplab.time.Scheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The orchestrator of a {@link SagaDefinition}: runs each saga's compensatable steps one after the
 * other; if one fails, runs the compensations of the steps done so far in reverse order (and of the
 * failed step too when it timed out, since its outcome is then unknown); once all succeed (the
 * point of no return), runs the retriable steps concurrently until each succeeds.
 *
 * <p>Durability: every move is saved in the {@link SagaStore} before the step it leads to is
 * started, so a coordinator built on the same store after a crash finds each open saga where it
 * was and {@link #resume()}s it by running its current step again. A step may therefore run twice
 * (once before the crash, once after), as it may after a timeout whose first attempt did land: the
 * services must deduplicate by (saga id, step) ({@link SagaParticipant} does).
 *
 * <p>Failures: a step whose outcome does not come within its timeout counts as failed (and as
 * possibly done). A failed or timed-out compensation is retried, after {@link
 * SagaConfig#retryBackoff()}, until it succeeds: a compensation must not fail for good (a refund
 * that cannot be refused), and a saga whose compensation never succeeds stays {@code COMPENSATING}
 * and is counted, never dropped. Retriable steps are retried the same way. An action that throws
 * counts as failed with the exception as its reason.
 *
 * <p>Runs no thread of its own: timeouts and retries go through the given {@link Scheduler}, and
 * jitter draws from the given random generator. Not thread-safe: call it, report outcomes, and run
 * the scheduler's actions on one thread (a node's handler thread, or one event loop).
 *
 * @param <P> the payload type
 */
public final class SagaCoordinator<P> {

  /** Prefix of every meter name {@link #bindTo} registers. */
  public static final String METER_PREFIX = "caplab.saga.";

  /** One open saga's volatile side: the saved record and which step run is current. */
  static final class Execution<P> {
    SagaRecord<P> record;
    /** Per step: the token of its current run or pending retry, 0 when none. */
    final long[] tokens;
    /** Per step: runs of its current half so far. */
    final int[] attempts;
    /** Per step: the previous retry delay, for decorrelated jitter. */
    final long[] previousDelays;

    Execution(SagaRecord<P> record, int steps) {
      this.record = record;
      this.tokens = new long[steps];
      this.attempts = new int[steps];
      this.previousDelays = new long[steps];
    }
  }

  private final SagaDefinition<P> definition;
  private final SagaConfig config;
  private final SagaStore<P> store;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final SagaListener listener;
  private final Map<String, Execution<P>> open = new LinkedHashMap<>();
  private long nextToken;
  private long started;
  private long completed;
  private long compensated;
  private long stepRuns;
  private long retries;
  private long timeouts;

  /** A coordinator of {@code definition}'s sagas that hears nothing. */
  public SagaCoordinator(SagaDefinition<P> definition, SagaConfig config, SagaStore<P> store, Scheduler scheduler,
      RandomGenerator random) {
    this(definition, config, store, scheduler, random, SagaListener.NONE);
  }

  /**
   * A coordinator of {@code definition}'s sagas, saving progress in {@code store}, timing steps and
   * retries with {@code scheduler}, drawing jitter from {@code random}, telling {@code listener}.
   */
  public SagaCoordinator(SagaDefinition<P> definition, SagaConfig config, SagaStore<P> store, Scheduler scheduler,
      RandomGenerator random, SagaListener listener) {
    this.definition = Require.notNull(definition, "definition");
    this.config = Require.notNull(config, "config");
    this.store = Require.notNull(store, "store");
    this.scheduler = Require.notNull(scheduler, "scheduler");
    this.random = Require.notNull(random, "random");
    this.listener = Require.notNull(listener, "listener");
  }

  /** The saga this coordinator runs. */
  public SagaDefinition<P> definition() {
    return definition;
  }

  /**
   * Starts saga {@code sagaId} on {@code payload}, unless the store knows it already (a repeated
   * start request is then answered by the saga's state, not run twice).
   *
   * @return whether a new saga started
   */
  public boolean start(String sagaId, P payload) {
    Require.notNull(sagaId, "sagaId");
    if (store.load(sagaId) != null) {
      return false;
    }
    SagaRecord<P> record = SagaRecord.started(sagaId, payload);
    store.save(record);
    started++;
    Execution<P> e = new Execution<>(record, definition.steps().size());
    open.put(sagaId, e);
    listener.started(sagaId);
    if (definition.compensatableSteps() == 0) {
      listener.pivotPassed(sagaId);
    }
    advance(e);
    return true;
  }

  /**
   * Resumes every open saga of the store that this coordinator is not running (all of them, for a
   * coordinator built after a crash): each runs its current step again.
   *
   * @return how many sagas resumed
   */
  public int resume() {
    int resumed = 0;
    for (SagaRecord<P> r : store.open()) {
      if (!open.containsKey(r.sagaId())) {
        Execution<P> e = new Execution<>(r, definition.steps().size());
        open.put(r.sagaId(), e);
        resumed++;
        if (r.state() == SagaState.RUNNING && r.step() >= definition.compensatableSteps()) {
          listener.pivotPassed(r.sagaId());
        }
        advance(e);
      }
    }
    return resumed;
  }

  /** The state of saga {@code sagaId}, or null if the store does not know it. */
  public SagaState state(String sagaId) {
    Execution<P> e = open.get(Require.notNull(sagaId, "sagaId"));
    if (e != null) {
      return e.record.state();
    }
    SagaRecord<P> r = store.load(sagaId);
    return r == null ? null : r.state();
  }

  /** The sagas this coordinator is running now (not terminal), in the order they started or resumed. */
  public List<String> inFlight() {
    return List.copyOf(open.keySet());
  }

  /** Sagas started by this coordinator (not counting resumed ones). */
  public long started() {
    return started;
  }

  /** Sagas this coordinator brought to {@code COMPLETED}. */
  public long completed() {
    return completed;
  }

  /** Sagas this coordinator brought to {@code COMPENSATED}. */
  public long compensated() {
    return compensated;
  }

  /** Runs of an action or a compensation this coordinator started, retries included. */
  public long stepRuns() {
    return stepRuns;
  }

  /** Retries of a compensation or a retriable step. */
  public long retries() {
    return retries;
  }

  /** Runs whose outcome did not come within the step's timeout. */
  public long timeouts() {
    return timeouts;
  }

  /**
   * Registers this coordinator's meters, tagged {@code saga=<definition name>}: the gauge {@code
   * caplab.saga.in.flight}, and the counters {@code caplab.saga.started}, {@code .completed},
   * {@code .compensated}, {@code .step.runs}, {@code .retries}, {@code .timeouts}. The meters read
   * this coordinator, so bind each coordinator once; a node that restarts gets its first
   * incarnation's meters back from {@code ctx.metrics()}, so it counts through a {@link
   * SagaListener} into counters instead.
   */
  public SagaCoordinator<P> bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    Tags tags = Tags.of("saga", definition.name());
    Gauge.builder(METER_PREFIX + "in.flight", this, c -> c.open.size())
        .description("Sagas started or resumed and not yet terminal").tags(tags).strongReference(true)
        .register(registry);
    counter(registry, tags, "started", "Sagas started", c -> c.started);
    counter(registry, tags, "completed", "Sagas completed", c -> c.completed);
    counter(registry, tags, "compensated", "Sagas fully compensated", c -> c.compensated);
    counter(registry, tags, "step.runs", "Runs of actions and compensations", c -> c.stepRuns);
    counter(registry, tags, "retries", "Retries of compensations and retriable steps", c -> c.retries);
    counter(registry, tags, "timeouts", "Step runs that timed out", c -> c.timeouts);
    return this;
  }

  private void counter(MeterRegistry registry, Tags tags, String name, String description,
      java.util.function.ToLongFunction<SagaCoordinator<P>> f) {
    FunctionCounter.builder(METER_PREFIX + name, this, c -> f.applyAsLong(c)).description(description).tags(tags)
        .register(registry);
  }

  private void advance(Execution<P> e) {
    SagaRecord<P> r = e.record;
    int compensatable = definition.compensatableSteps();
    if (r.state() == SagaState.RUNNING) {
      if (r.step() < compensatable) {
        run(e, r.step(), StepPhase.ACTION);
        return;
      }
      if (allRetriableDone(r)) {
        finish(e, SagaState.COMPLETED);
        return;
      }
      for (int i = compensatable; i < definition.steps().size(); i++) {
        if (!r.retriableDone(i - compensatable) && e.tokens[i] == 0) {
          run(e, i, StepPhase.ACTION);
        }
      }
    } else if (r.step() < 0) {
      finish(e, SagaState.COMPENSATED);
    } else {
      run(e, r.step(), StepPhase.COMPENSATION);
    }
  }

  private boolean allRetriableDone(SagaRecord<P> r) {
    int n = definition.retriableSteps();
    long all = n == Long.SIZE ? -1L : (1L << n) - 1;
    return r.retriableDone() == all;
  }

  private void run(Execution<P> e, int stepIndex, StepPhase phase) {
    long token = ++nextToken;
    e.tokens[stepIndex] = token;
    e.attempts[stepIndex]++;
    stepRuns++;
    StepInvocation<P> invocation = new StepInvocation<>(this, e, stepIndex, phase, e.attempts[stepIndex], token);
    SagaStep<P> step = definition.steps().get(stepIndex);
    scheduler.schedule(step.timeout().toNanos(), () -> report(invocation, Outcome.TIMED_OUT, "timeout"));
    StepAction<P> action = phase == StepPhase.ACTION ? step.action() : step.compensation();
    try {
      action.run(invocation);
    } catch (RuntimeException thrown) {
      report(invocation, Outcome.FAILED, thrown.toString());
    }
  }

  /** Takes the outcome of {@code invocation} if it is still the current run of its step. */
  boolean report(StepInvocation<P> invocation, Outcome outcome, String reason) {
    Execution<P> e = invocation.execution();
    int i = invocation.stepIndex();
    if (open.get(e.record.sagaId()) != e || e.tokens[i] != invocation.token()) {
      return false;
    }
    e.tokens[i] = 0;
    if (outcome == Outcome.TIMED_OUT) {
      timeouts++;
    }
    SagaStep<P> step = definition.steps().get(i);
    SagaRecord<P> r = e.record;
    if (invocation.phase() == StepPhase.COMPENSATION) {
      if (outcome != Outcome.SUCCEEDED) {
        retryLater(e, i, StepPhase.COMPENSATION);
        return true;
      }
      e.attempts[i] = 0;
      save(e, r.at(SagaState.COMPENSATING, i - 1));
      advance(e);
    } else if (step.retriable()) {
      if (outcome != Outcome.SUCCEEDED) {
        retryLater(e, i, StepPhase.ACTION);
        return true;
      }
      save(e, r.withRetriableDone(i - definition.compensatableSteps()));
      if (allRetriableDone(e.record)) {
        finish(e, SagaState.COMPLETED);
      }
    } else if (outcome == Outcome.SUCCEEDED) {
      e.attempts[i] = 0;
      save(e, r.at(SagaState.RUNNING, i + 1));
      if (i + 1 == definition.compensatableSteps()) {
        listener.pivotPassed(r.sagaId());
      }
      advance(e);
    } else {
      // a refusal took no effect: undo the steps before it; a timeout may have: undo it too
      e.attempts[i] = 0;
      save(e, r.at(SagaState.COMPENSATING, outcome == Outcome.TIMED_OUT ? i : i - 1));
      listener.compensating(r.sagaId(), step.name(), reason);
      advance(e);
    }
    return true;
  }

  private void retryLater(Execution<P> e, int stepIndex, StepPhase phase) {
    long delay = config.retryBackoff().delayNanos(e.attempts[stepIndex], e.previousDelays[stepIndex], random);
    e.previousDelays[stepIndex] = delay;
    retries++;
    long token = ++nextToken;
    e.tokens[stepIndex] = token;
    scheduler.schedule(delay, () -> {
      if (open.get(e.record.sagaId()) == e && e.tokens[stepIndex] == token) {
        run(e, stepIndex, phase);
      }
    });
  }

  private void save(Execution<P> e, SagaRecord<P> record) {
    store.save(record);
    e.record = record;
  }

  private void finish(Execution<P> e, SagaState terminal) {
    save(e, e.record.at(terminal, e.record.step()));
    open.remove(e.record.sagaId());
    if (terminal == SagaState.COMPLETED) {
      completed++;
    } else {
      compensated++;
    }
    listener.finished(e.record.sagaId(), terminal);
  }
}
