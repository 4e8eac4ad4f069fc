package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.messaging.resilience.internal.CallWindow;
import dev.caplab.time.Durations;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A circuit breaker with Resilience4j's state machine, semantics and defaults, on an injected
 * {@link Ticker}: real time when embedded ({@link #ofDefaults(String)} uses {@link
 * Ticker#system()}), virtual time inside a simulation.
 *
 * <p><b>Protocol.</b> Ask for a permission ({@link #tryAcquirePermission()} or {@link
 * #acquirePermission()}), make the call, then report exactly one of {@link #onSuccess(long)}, {@link
 * #onError(long, Throwable)}, {@link #onResult(long, Object)} with the call's duration, or {@link
 * #releasePermission()} if the call was not made. The decorators ({@link #decorateSupplier}, {@link
 * #decorateCallable}, ...) do all of that and time the call with the breaker's ticker.
 *
 * <p><b>States.</b>
 *
 * <ul>
 *   <li>CLOSED: every call is permitted; outcomes go into the sliding window. Once it holds at least
 *       the minimum number of calls, a failure rate or slow-call rate <em>equal to or above</em> its
 *       threshold opens the breaker. The call that crosses the threshold has already run and keeps
 *       its own result; the next call is refused.
 *   <li>OPEN: calls are refused until the wait (a function of the attempt number) has passed:
 *       <em>strictly</em> after {@code openedAt + wait}, the next permission request (or, with the
 *       automatic transition, any use of the breaker) moves it to HALF_OPEN.
 *   <li>HALF_OPEN: {@code permittedNumberOfCallsInHalfOpenState} trial calls are permitted and
 *       recorded in a window of that size; once {@code min(minimumNumberOfCalls, permitted)} of them
 *       are recorded, a rate at or above a threshold re-opens the breaker (the next attempt, so a
 *       longer exponential wait), else it closes. An optional max wait forces the move (to OPEN by
 *       default) once {@code enteredAt + maxWait} is reached.
 *   <li>DISABLED (always permits, records nothing), METRICS_ONLY (always permits, records and
 *       publishes threshold events once, never opens), FORCED_OPEN (refuses everything): entered and
 *       left only by the {@code transitionTo...} methods.
 * </ul>
 *
 * <p>An exception matching the ignore predicate counts as neither success nor failure and releases
 * its permission; one matching the record predicate is a failure; any other exception is a success.
 * A {@link CompletionException} or {@link ExecutionException} is judged by its cause.
 *
 * <p><b>No threads.</b> Resilience4j schedules the automatic OPEN to HALF_OPEN move and the
 * HALF_OPEN max wait on a scheduler thread; this breaker starts none. Both moves are applied when
 * the breaker is next used or read ({@link #state()}, {@link #metrics()}, any permission or
 * outcome), each stamped with the time it fell due (the automatic move one nanosecond after the
 * wait, the max wait's move at {@code enteredAt + maxWait}), and in the order a scheduler would
 * have made them, so an idle period costs no caller an extra wait. Inside a simulation, the
 * results are therefore deterministic: a function of the calls and the simulated times at which
 * they are made.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use, for embedded code: the current state is an
 * {@link AtomicReference}, every transition is a compare-and-set from the state it leaves (so
 * exactly one caller makes it and publishes it), HALF_OPEN's permits are an {@link AtomicInteger},
 * and each sliding window is guarded by its own monitor. Events are published synchronously on the
 * thread that caused them, after the state change, outside any lock; listeners that run on several
 * threads must be thread-safe themselves. An exception thrown by a listener propagates to the
 * caller of the method that published (the breaker's own state is already updated).
 */
public final class CircuitBreaker implements CallGate {

  /** The breaker's states, with Resilience4j's order numbers. */
  public enum State {
    /** Calls flow; outcomes are recorded and may open the breaker. */
    CLOSED(0, true),
    /** Calls are refused until the wait has passed. */
    OPEN(1, true),
    /** A limited number of trial calls decide between CLOSED and OPEN. */
    HALF_OPEN(2, true),
    /** Calls flow; nothing is recorded; only transitions are published. */
    DISABLED(3, false),
    /** Calls are refused until a manual transition; only transitions are published. */
    FORCED_OPEN(4, false),
    /** Calls flow and are recorded; thresholds are reported but never open the breaker. */
    METRICS_ONLY(5, true);

    private final int order;
    private final boolean allowPublish;

    State(int order, boolean allowPublish) {
      this.order = order;
      this.allowPublish = allowPublish;
    }

    /** Resilience4j's fixed order number of the state (CLOSED 0, OPEN 1, HALF_OPEN 2, ...). */
    public int order() {
      return order;
    }
  }

  /**
   * A live view of the current state's window: every read looks at the state the breaker is in at
   * that moment. CLOSED and OPEN share the window that opened the breaker; HALF_OPEN has a fresh
   * window of {@code permittedNumberOfCallsInHalfOpenState} calls; DISABLED and FORCED_OPEN record
   * nothing. Each getter reads once, so two getters may see different moments under concurrency.
   */
  public interface Metrics {

    /** Failure rate in percent, or -1 below the minimum number of calls. */
    float getFailureRate();

    /** Slow-call rate in percent, or -1 below the minimum number of calls. */
    float getSlowCallRate();

    /** Calls in the window. */
    int getNumberOfBufferedCalls();

    /** Failed calls in the window. */
    int getNumberOfFailedCalls();

    /** Successful calls in the window. */
    int getNumberOfSuccessfulCalls();

    /** Slow calls (successful or failed) in the window. */
    int getNumberOfSlowCalls();

    /** Slow successful calls in the window. */
    int getNumberOfSlowSuccessfulCalls();

    /** Slow failed calls in the window. */
    int getNumberOfSlowFailedCalls();

    /** Calls refused since the window was created (counted in OPEN, HALF_OPEN and FORCED_OPEN). */
    long getNumberOfNotPermittedCalls();
  }

  /**
   * Registers synchronous listeners. Each method returns this publisher so registrations chain.
   * Thread-safe; a listener registered while events are being published sees later events.
   */
  public interface EventPublisher {

    /** Every event. */
    EventPublisher onEvent(Consumer<? super CircuitBreakerEvent> listener);

    /** State transitions. */
    EventPublisher onStateTransition(Consumer<? super CircuitBreakerEvent.StateTransition> listener);

    /** Calls recorded as successes. */
    EventPublisher onSuccess(Consumer<? super CircuitBreakerEvent.Success> listener);

    /** Calls recorded as failures. */
    EventPublisher onError(Consumer<? super CircuitBreakerEvent.Error> listener);

    /** Calls that failed with an ignored exception. */
    EventPublisher onIgnoredError(Consumer<? super CircuitBreakerEvent.IgnoredError> listener);

    /** Refused calls. */
    EventPublisher onCallNotPermitted(
        Consumer<? super CircuitBreakerEvent.CallNotPermitted> listener);

    /** Failure rate at or above its threshold. */
    EventPublisher onFailureRateExceeded(
        Consumer<? super CircuitBreakerEvent.FailureRateExceeded> listener);

    /** Slow-call rate at or above its threshold. */
    EventPublisher onSlowCallRateExceeded(
        Consumer<? super CircuitBreakerEvent.SlowCallRateExceeded> listener);

    /** Resets. */
    EventPublisher onReset(Consumer<? super CircuitBreakerEvent.Reset> listener);
  }

  private final String name;
  private final CircuitBreakerConfig config;
  private final Ticker ticker;
  private final AtomicReference<BreakerState> state;
  private final Events events = new Events();
  private final Metrics metrics = new LiveMetrics();
  // Config read on every call, copied into fields.
  private final long slowCallDurationThresholdNanos;
  private final long maxWaitInHalfOpenNanos;
  private final boolean automaticTransition;
  private final Predicate<Throwable> ignoreException;
  private final Predicate<Throwable> recordException;
  private final Predicate<Object> recordResult;

  private CircuitBreaker(String name, CircuitBreakerConfig config, Ticker ticker) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.slowCallDurationThresholdNanos = Durations.saturatedNanos(config.slowCallDurationThreshold());
    this.maxWaitInHalfOpenNanos = Durations.saturatedNanos(config.maxWaitDurationInHalfOpenState());
    this.automaticTransition = config.automaticTransitionFromOpenToHalfOpenEnabled();
    this.ignoreException = config.ignoreExceptionPredicate();
    this.recordException = config.recordExceptionPredicate();
    this.recordResult = config.recordResultPredicate();
    this.state = new AtomicReference<>(new Closed());
  }

  /** A breaker named {@code name} with {@code config}, timing everything with {@code ticker}. */
  public static CircuitBreaker of(String name, CircuitBreakerConfig config, Ticker ticker) {
    return new CircuitBreaker(name, config, ticker);
  }

  /** A breaker with {@code config} on real time ({@link Ticker#system()}), for embedded use. */
  public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    return of(name, config, Ticker.system());
  }

  /** A breaker with the default configuration, timing everything with {@code ticker}. */
  public static CircuitBreaker ofDefaults(String name, Ticker ticker) {
    return of(name, CircuitBreakerConfig.ofDefaults(), ticker);
  }

  /** A breaker with the default configuration on real time ({@link Ticker#system()}). */
  public static CircuitBreaker ofDefaults(String name) {
    return ofDefaults(name, Ticker.system());
  }

  /** The breaker's name. */
  @Override
  public String name() {
    return name;
  }

  /** The breaker's configuration. */
  public CircuitBreakerConfig config() {
    return config;
  }

  /** The ticker the breaker reads time from. */
  public Ticker ticker() {
    return ticker;
  }

  /** The current state, after applying any due time-driven transition. */
  public State state() {
    return current().kind;
  }

  /** A live view of the current state's counts and rates. */
  public Metrics metrics() {
    return metrics;
  }

  /** Where listeners register. */
  public EventPublisher eventPublisher() {
    return events;
  }

  /**
   * Binds the breaker's meters, Resilience4j's {@code resilience4j.circuitbreaker.*} under {@code
   * caplab.circuitbreaker.*}, tagged {@code name}: {@code .state} (tag {@code state}, 1 for the
   * current one), the {@code .calls} timer (kind {@code successful|failed|ignored}), the {@code
   * .not.permitted.calls} counter, the {@code .failure.rate} and {@code .slow.call.rate} gauges,
   * and the window's {@code .buffered.calls} and {@code .slow.calls} (kind {@code
   * successful|failed}). The timer and counter count what the breaker publishes (nothing in
   * DISABLED or FORCED_OPEN); the gauges read the breaker when the registry reads them.
   */
  public void bindTo(MeterRegistry registry) {
    CircuitBreakerMeters.bind(this, registry);
  }

  /** Shorthand for {@code eventPublisher().onEvent(listener)}. */
  public CircuitBreaker onEvent(Consumer<? super CircuitBreakerEvent> listener) {
    events.onEvent(listener);
    return this;
  }

  // ---------------------------------------------------------------------------------- permissions

  /**
   * Asks for a permission without throwing. In OPEN, the first request strictly after the wait
   * moves the breaker to HALF_OPEN and takes one of its permits.
   *
   * @return true if the call may go ahead (then report its outcome or release the permission)
   */
  @Override
  public boolean tryAcquirePermission() {
    boolean permitted = current().tryAcquire();
    if (!permitted) {
      publishNotPermitted();
    }
    return permitted;
  }

  /** The breaker's refusal, so {@link Decorators} fails a refused call as the breaker would. */
  @Override
  public RuntimeException notPermitted() {
    return new CallNotPermittedException(name, state.get().kind, config.writableStackTraceEnabled());
  }

  /**
   * Asks for a permission.
   *
   * @throws CallNotPermittedException naming the breaker and its state if the call may not go ahead
   */
  public void acquirePermission() {
    BreakerState s = current();
    if (!s.tryAcquire()) {
      publishNotPermitted();
      throw new CallNotPermittedException(
          name, state.get().kind, config.writableStackTraceEnabled());
    }
  }

  /**
   * Gives back a permission whose call was not made (in HALF_OPEN the permit can be used by another
   * call; elsewhere there is nothing to give back).
   */
  @Override
  public void releasePermission() {
    current().release();
  }

  // ------------------------------------------------------------------------------------- outcomes

  /**
   * Records a successful call that took {@code durationNanos}.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  @Override
  public void onSuccess(long durationNanos) {
    Require.atLeast("durationNanos", durationNanos, 0L);
    BreakerState s = current();
    if (events.active && s.kind.allowPublish) {
      events.publish(new CircuitBreakerEvent.Success(name, ticker.nanos(), Duration.ofNanos(durationNanos)));
    }
    s.record(false, durationNanos > slowCallDurationThresholdNanos);
  }

  /** Records a successful call that took {@code duration}. */
  public void onSuccess(Duration duration) {
    onSuccess(Durations.saturatedNanos(Objects.requireNonNull(duration, "duration")));
  }

  /**
   * Records a call that took {@code durationNanos} and threw {@code throwable}: ignored (permission
   * released), recorded as a failure, or else recorded as a success, by the configured predicates.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  @Override
  public void onError(long durationNanos, Throwable throwable) {
    Require.atLeast("durationNanos", durationNanos, 0L);
    Objects.requireNonNull(throwable, "throwable");
    Throwable t = AsyncFailures.unwrap(throwable);
    if (ignoreException.test(t)) {
      BreakerState s = current();
      s.release();
      if (events.active && s.kind.allowPublish) {
        events.publish(
            new CircuitBreakerEvent.IgnoredError(
                name, ticker.nanos(), Duration.ofNanos(durationNanos), t));
      }
    } else if (recordException.test(t)) {
      recordFailure(durationNanos, t);
    } else {
      onSuccess(durationNanos);
    }
  }

  /** Records a call that took {@code duration} and threw {@code throwable}. */
  public void onError(Duration duration, Throwable throwable) {
    onError(Durations.saturatedNanos(Objects.requireNonNull(duration, "duration")), throwable);
  }

  /**
   * Records a call that took {@code durationNanos} and returned {@code result}: a failure (a {@link
   * ResultRecordedAsFailureException}) if the record-result predicate accepts a non-null result,
   * else a success.
   */
  @Override
  public void onResult(long durationNanos, Object result) {
    Require.atLeast("durationNanos", durationNanos, 0L);
    if (result != null && recordResult.test(result)) {
      recordFailure(durationNanos, new ResultRecordedAsFailureException(name, result));
    } else {
      onSuccess(durationNanos);
    }
  }

  private void recordFailure(long durationNanos, Throwable t) {
    BreakerState s = current();
    if (events.active && s.kind.allowPublish) {
      events.publish(
          new CircuitBreakerEvent.Error(name, ticker.nanos(), Duration.ofNanos(durationNanos), t));
    }
    s.record(true, durationNanos > slowCallDurationThresholdNanos);
  }

  // ---------------------------------------------------------------------------------- transitions

  /** Moves to a fresh CLOSED state (new window); from CLOSED too, without an event. */
  public void transitionToClosedState() {
    transition(State.CLOSED, from -> new Closed());
  }

  /**
   * Moves to OPEN (the next attempt: attempts + 1), keeping the current window.
   *
   * @throws IllegalStateException from METRICS_ONLY, as Resilience4j
   */
  public void transitionToOpenState() {
    transition(State.OPEN, from -> new Open(from.attempts + 1, from.window));
  }

  /**
   * Moves to OPEN for {@code wait} instead of the configured wait, then on as after any OPEN
   * (Resilience4j 2's {@code transitionToOpenStateFor}): for example for as long as a server's
   * Retry-After asked. The attempt number stays what it was: the given wait replaces the
   * configured one, so it does not count as a step of the wait function, and the next re-opening
   * waits what it would have waited without this one.
   *
   * @throws IllegalArgumentException if {@code wait} is negative
   * @throws IllegalStateException from METRICS_ONLY, as {@link #transitionToOpenState()}
   */
  public void transitionToOpenStateFor(Duration wait) {
    long waitNanos = Durations.saturatedNanos(Require.atLeast("wait", wait, Duration.ZERO));
    transition(State.OPEN, from -> new Open(from.attempts, from.window, ticker.nanos() + waitNanos));
  }

  /**
   * Moves to OPEN until the breaker's ticker reads {@code untilNanos} (Resilience4j 2's {@code
   * transitionToOpenStateUntil}, on the ticker instead of the wall clock); a time already past
   * leaves OPEN at the next use. Like {@link #transitionToOpenStateFor}, keeps the attempt number.
   *
   * @throws IllegalStateException from METRICS_ONLY, as {@link #transitionToOpenState()}
   */
  public void transitionToOpenStateUntil(long untilNanos) {
    transition(State.OPEN, from -> new Open(from.attempts, from.window, untilNanos));
  }

  /**
   * Moves to HALF_OPEN.
   *
   * @throws IllegalStateException from CLOSED or METRICS_ONLY, as Resilience4j
   */
  public void transitionToHalfOpenState() {
    transition(State.HALF_OPEN, from -> new HalfOpen(from.attempts));
  }

  /** Moves to DISABLED. */
  public void transitionToDisabledState() {
    transition(State.DISABLED, from -> new Disabled());
  }

  /** Moves to METRICS_ONLY (a fresh window), from any state. */
  public void transitionToMetricsOnlyState() {
    transition(State.METRICS_ONLY, from -> new MetricsOnly());
  }

  /** Moves to FORCED_OPEN (attempts + 1). */
  public void transitionToForcedOpenState() {
    transition(State.FORCED_OPEN, from -> new ForcedOpen(from.attempts + 1));
  }

  /** Back to a fresh CLOSED state from any state; publishes the transition (if any) and a reset. */
  public void reset() {
    BreakerState previous = state.getAndSet(new Closed());
    if (previous.kind != State.CLOSED) {
      publishTransition(previous.kind, State.CLOSED);
    }
    if (events.active) {
      events.publish(new CircuitBreakerEvent.Reset(name, ticker.nanos()));
    }
  }

  // ----------------------------------------------------------------------------------- decorators

  /**
   * Wraps {@code supplier}: each call asks for a permission (throwing {@link
   * CallNotPermittedException} if refused), runs it, and records its result or exception with the
   * duration measured on the breaker's ticker.
   */
  public <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    Callable<T> gated = GatedCalls.callable(this, ticker, supplier::get);
    return () -> {
      try {
        return gated.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e); // unreachable: a supplier throws no checked exception
      }
    };
  }

  /** Runs {@code supplier} through {@link #decorateSupplier}. */
  public <T> T executeSupplier(Supplier<T> supplier) {
    return decorateSupplier(supplier).get();
  }

  /** Like {@link #decorateSupplier}, for a {@link Callable} (its exceptions are recorded too). */
  public <T> Callable<T> decorateCallable(Callable<T> callable) {
    return GatedCalls.callable(this, ticker, callable);
  }

  /** Runs {@code callable} through {@link #decorateCallable}. */
  public <T> T executeCallable(Callable<T> callable) throws Exception {
    return decorateCallable(callable).call();
  }

  /** Like {@link #decorateSupplier}, for a {@link Runnable}. */
  public Runnable decorateRunnable(Runnable runnable) {
    Objects.requireNonNull(runnable, "runnable");
    Supplier<Object> supplier =
        decorateSupplier(
            () -> {
              runnable.run();
              return null;
            });
    return supplier::get;
  }

  /** Runs {@code runnable} through {@link #decorateRunnable}. */
  public void executeRunnable(Runnable runnable) {
    decorateRunnable(runnable).run();
  }

  /**
   * Wraps an asynchronous call, as Resilience4j's {@code decorateCompletionStage}: each call asks
   * for a permission (refused: the returned stage fails with {@link CallNotPermittedException} and
   * {@code supplier} is not called), starts the stage, and records its outcome when it completes,
   * with the duration from start to completion on the breaker's ticker. A supplier that throws
   * instead of returning a stage is recorded as a failure too. A stage that fails with an {@link
   * Error} releases the permission without recording anything, as the synchronous decorators do.
   * The returned stage completes with the original stage's result or throwable, or, if recording
   * the outcome throws (an event listener, a record predicate), fails with what it threw, which the
   * synchronous decorators would have thrown to the caller.
   */
  public <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
    return GatedCalls.stage(this, ticker, supplier);
  }

  /** Starts {@code supplier}'s stage through {@link #decorateCompletionStage}. */
  public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
    return decorateCompletionStage(supplier).get();
  }

  @Override
  public String toString() {
    return "CircuitBreaker '" + name + "' " + state.get().kind;
  }

  // ------------------------------------------------------------------------------------ internals

  /** The current state after any due time-driven transition. */
  private BreakerState current() {
    BreakerState s = state.get();
    return s.timed ? advanceTime(s) : s;
  }

  /**
   * Applies, in order, every time-driven move that fell due up to now, each stamped with the time
   * it fell due rather than the time of this read: what a scheduler thread would have done in the
   * meantime. A HALF_OPEN that ran out its max wait while nobody looked re-opened then, so its
   * wait may be over already and the caller is not refused for a wait that has passed.
   */
  private BreakerState advanceTime(BreakerState s) {
    long now = ticker.nanos();
    for (; ; ) {
      BreakerState next;
      if (s instanceof Open open && automaticTransition && open.waitIsOver(now)) {
        next = open.toHalfOpenAt(open.firstInstantOver());
      } else if (s instanceof HalfOpen halfOpen && halfOpen.maxWaitIsOver(now)) {
        next = halfOpen.afterMaxWait();
      } else {
        return s;
      }
      if (next == s) {
        return s;
      }
      s = next;
    }
  }

  private void transition(State target, UnaryOperator<BreakerState> next) {
    for (; ; ) {
      BreakerState from = state.get();
      requireLegal(from.kind, target);
      BreakerState to = next.apply(from);
      if (state.compareAndSet(from, to)) {
        if (from.kind != target) {
          publishTransition(from.kind, target);
        }
        return;
      }
    }
  }

  private void requireLegal(State from, State to) {
    boolean illegal =
        (from == State.CLOSED && to == State.HALF_OPEN)
            || (from == State.METRICS_ONLY && (to == State.OPEN || to == State.HALF_OPEN));
    if (illegal) {
      throw new IllegalStateException(
          "CircuitBreaker '" + name + "' cannot move from " + from + " to " + to);
    }
  }

  /**
   * Replaces {@code from} by {@code to} if {@code from} is still current; the winner publishes.
   * Returns the state that is current afterwards.
   */
  private BreakerState move(BreakerState from, BreakerState to) {
    return move(from, to, ticker.nanos());
  }

  /**
   * {@link #move(BreakerState, BreakerState)}, the transition stamped {@code atNanos}. The state is
   * read again after publishing: a listener of the transition may have moved the breaker on.
   */
  private BreakerState move(BreakerState from, BreakerState to, long atNanos) {
    if (state.compareAndSet(from, to)) {
      publishTransition(from.kind, to.kind, atNanos);
    }
    return state.get();
  }

  private void publishTransition(State from, State to) {
    publishTransition(from, to, ticker.nanos());
  }

  private void publishTransition(State from, State to, long atNanos) {
    if (events.active) {
      events.publish(new CircuitBreakerEvent.StateTransition(name, atNanos, from, to));
    }
  }

  private void publishNotPermitted() {
    if (events.active && state.get().kind.allowPublish) {
      events.publish(new CircuitBreakerEvent.CallNotPermitted(name, ticker.nanos()));
    }
  }

  private void publishExceeded(int verdict, CallWindow window) {
    if (!events.active) {
      return;
    }
    CallWindow.Counts counts = window.counts();
    long now = ticker.nanos();
    if ((verdict & CallWindow.FAILURE_RATE_EXCEEDED) != 0) {
      events.publish(new CircuitBreakerEvent.FailureRateExceeded(name, now, counts.failureRate()));
    }
    if ((verdict & CallWindow.SLOW_CALL_RATE_EXCEEDED) != 0) {
      events.publish(new CircuitBreakerEvent.SlowCallRateExceeded(name, now, counts.slowCallRate()));
    }
  }

  private CallWindow closedWindow() {
    if (config.slidingWindowType() == CircuitBreakerConfig.SlidingWindowType.TIME_BASED) {
      return CallWindow.timeBased(
          config.slidingWindowSize(),
          config.minimumNumberOfCalls(),
          config.failureRateThreshold(),
          config.slowCallRateThreshold(),
          ticker);
    }
    return CallWindow.countBased(
        config.slidingWindowSize(),
        config.minimumNumberOfCalls(),
        config.failureRateThreshold(),
        config.slowCallRateThreshold());
  }

  /** OPEN entered at {@code openedAt}, for the configured wait of attempt {@code attempts}. */
  private Open openedAt(int attempts, CallWindow window, long openedAt) {
    return new Open(attempts, window, openedAt + Open.configuredWait(config, attempts));
  }

  private CallWindow emptyWindow() {
    return CallWindow.countBased(0, 0, config.failureRateThreshold(), config.slowCallRateThreshold());
  }

  /** One state of the machine; immutable apart from its window and permits. */
  private abstract static class BreakerState {
    final State kind;
    final CallWindow window;
    /**
     * Attempt number for the OPEN wait: 0 when closed, +1 per opening that uses the wait function
     * (an explicit {@code transitionToOpenStateFor/Until} keeps it).
     */
    final int attempts;
    /** Whether time alone can move this state on (see {@link #advanceTime}). */
    final boolean timed;

    BreakerState(State kind, CallWindow window, int attempts, boolean timed) {
      this.kind = kind;
      this.window = window;
      this.attempts = attempts;
      this.timed = timed;
    }

    abstract boolean tryAcquire();

    void release() {}

    abstract void record(boolean failed, boolean slow);
  }

  private final class Closed extends BreakerState {
    Closed() {
      super(State.CLOSED, closedWindow(), 0, false);
    }

    @Override
    boolean tryAcquire() {
      return true;
    }

    @Override
    void record(boolean failed, boolean slow) {
      int verdict = window.record(failed, slow);
      if ((verdict & (CallWindow.FAILURE_RATE_EXCEEDED | CallWindow.SLOW_CALL_RATE_EXCEEDED)) != 0) {
        Open open = new Open(1, window);
        if (state.compareAndSet(this, open)) {
          publishExceeded(verdict, window);
          publishTransition(State.CLOSED, State.OPEN);
        }
      }
    }
  }

  private final class Open extends BreakerState {
    private final long openUntil;

    /** Opened now, for the configured wait of attempt {@code attempts}. */
    Open(int attempts, CallWindow window) {
      this(attempts, window, ticker.nanos() + configuredWait(config, attempts));
    }

    Open(int attempts, CallWindow window, long openUntil) {
      super(State.OPEN, window, attempts, automaticTransition);
      this.openUntil = openUntil;
    }

    private static long configuredWait(CircuitBreakerConfig config, int attempts) {
      Duration wait = config.waitIntervalFunctionInOpenState().apply(attempts);
      if (wait == null || wait.isNegative()) {
        throw new IllegalStateException("waitIntervalFunctionInOpenState must return a duration >= "
            + Durations.exact(Duration.ZERO) + ", got " + (wait == null ? null : Durations.exact(wait))
            + " for attempt " + attempts);
      }
      return Durations.saturatedNanos(wait);
    }

    /** Strictly after the wait, as Resilience4j's {@code clock.instant().isAfter(retryAfter)}. */
    boolean waitIsOver(long now) {
      return now - openUntil > 0;
    }

    /** The first ticker reading at which the wait is over. */
    long firstInstantOver() {
      return openUntil + 1;
    }

    BreakerState toHalfOpen() {
      return move(this, new HalfOpen(attempts));
    }

    /** The automatic move, made late by a read: HALF_OPEN as if entered at {@code atNanos}. */
    BreakerState toHalfOpenAt(long atNanos) {
      return move(this, new HalfOpen(attempts, atNanos), atNanos);
    }

    @Override
    boolean tryAcquire() {
      if (waitIsOver(ticker.nanos())) {
        BreakerState next = toHalfOpen();
        // After the move the permit comes from HALF_OPEN (or whatever state won the race).
        return next != this && next.tryAcquire();
      }
      window.onCallNotPermitted();
      return false;
    }

    @Override
    void record(boolean failed, boolean slow) {
      // A call permitted before the breaker opened still counts, as in Resilience4j.
      window.record(failed, slow);
    }
  }

  private final class HalfOpen extends BreakerState {
    private final AtomicInteger permits;
    private final int permitted;
    private final long enteredAt;

    HalfOpen(int attempts) {
      this(attempts, ticker.nanos());
    }

    HalfOpen(int attempts, long enteredAt) {
      super(
          State.HALF_OPEN,
          CallWindow.countBased(
              config.permittedNumberOfCallsInHalfOpenState(),
              config.minimumNumberOfCalls(),
              config.failureRateThreshold(),
              config.slowCallRateThreshold()),
          attempts,
          maxWaitInHalfOpenNanos > 0);
      this.permitted = config.permittedNumberOfCallsInHalfOpenState();
      this.permits = new AtomicInteger(permitted);
      this.enteredAt = enteredAt;
    }

    boolean maxWaitIsOver(long now) {
      return maxWaitInHalfOpenNanos > 0 && now - enteredAt >= maxWaitInHalfOpenNanos;
    }

    /** The move the max wait forces, stamped with the time it fell due. */
    BreakerState afterMaxWait() {
      long dueAt = enteredAt + maxWaitInHalfOpenNanos;
      BreakerState next =
          config.transitionToStateAfterWaitDuration() == State.CLOSED
              ? new Closed()
              : openedAt(attempts + 1, window, dueAt);
      return move(this, next, dueAt);
    }

    @Override
    boolean tryAcquire() {
      for (; ; ) {
        int left = permits.get();
        if (left == 0) {
          window.onCallNotPermitted();
          return false;
        }
        if (permits.compareAndSet(left, left - 1)) {
          return true;
        }
      }
    }

    @Override
    void release() {
      // Capped: a stray release cannot grant more than the permitted trial calls at once.
      for (; ; ) {
        int left = permits.get();
        if (left >= permitted || permits.compareAndSet(left, left + 1)) {
          return;
        }
      }
    }

    @Override
    void record(boolean failed, boolean slow) {
      int verdict = window.record(failed, slow);
      if (verdict == CallWindow.BELOW_MINIMUM_CALLS) {
        return;
      }
      move(this, verdict == CallWindow.BELOW_THRESHOLDS ? new Closed() : new Open(attempts + 1, window));
    }
  }

  private final class Disabled extends BreakerState {
    Disabled() {
      super(State.DISABLED, emptyWindow(), 0, false);
    }

    @Override
    boolean tryAcquire() {
      return true;
    }

    @Override
    void record(boolean failed, boolean slow) {}
  }

  private final class ForcedOpen extends BreakerState {
    ForcedOpen(int attempts) {
      super(State.FORCED_OPEN, emptyWindow(), attempts, false);
    }

    @Override
    boolean tryAcquire() {
      window.onCallNotPermitted();
      return false;
    }

    @Override
    void record(boolean failed, boolean slow) {}
  }

  private final class MetricsOnly extends BreakerState {
    private final AtomicInteger reported = new AtomicInteger();

    MetricsOnly() {
      super(State.METRICS_ONLY, closedWindow(), 0, false);
    }

    @Override
    boolean tryAcquire() {
      return true;
    }

    @Override
    void record(boolean failed, boolean slow) {
      int verdict = window.record(failed, slow);
      if (verdict == CallWindow.BELOW_MINIMUM_CALLS || verdict == CallWindow.BELOW_THRESHOLDS) {
        return;
      }
      // Each kind of threshold event is published once per METRICS_ONLY period.
      int fresh = verdict & ~reported.getAndUpdate(r -> r | verdict);
      if (fresh != 0) {
        publishExceeded(fresh, window);
      }
    }
  }

  private final class LiveMetrics implements Metrics {
    private CallWindow.Counts counts() {
      return current().window.counts();
    }

    @Override
    public float getFailureRate() {
      return counts().failureRate();
    }

    @Override
    public float getSlowCallRate() {
      return counts().slowCallRate();
    }

    @Override
    public int getNumberOfBufferedCalls() {
      return counts().bufferedCalls();
    }

    @Override
    public int getNumberOfFailedCalls() {
      return counts().failedCalls();
    }

    @Override
    public int getNumberOfSuccessfulCalls() {
      return counts().successfulCalls();
    }

    @Override
    public int getNumberOfSlowCalls() {
      return counts().slowCalls();
    }

    @Override
    public int getNumberOfSlowSuccessfulCalls() {
      return counts().slowSuccessfulCalls();
    }

    @Override
    public int getNumberOfSlowFailedCalls() {
      return counts().slowFailedCalls();
    }

    @Override
    public long getNumberOfNotPermittedCalls() {
      return counts().notPermittedCalls();
    }

    @Override
    public String toString() {
      return "CircuitBreaker.Metrics" + counts();
    }
  }

  /** The breaker's listeners, as its {@link EventPublisher}. */
  private static final class Events implements EventPublisher {
    private final EventListeners<CircuitBreakerEvent> listeners = new EventListeners<>();
    /** Whether any listener is registered: the hot path's only cost when none is. */
    volatile boolean active;

    private <T extends CircuitBreakerEvent> EventPublisher add(
        Class<T> type, Consumer<? super T> listener) {
      listeners.add(type, listener);
      active = true;
      return this;
    }

    void publish(CircuitBreakerEvent event) {
      listeners.publish(event);
    }

    @Override
    public EventPublisher onEvent(Consumer<? super CircuitBreakerEvent> listener) {
      return add(CircuitBreakerEvent.class, listener);
    }

    @Override
    public EventPublisher onStateTransition(
        Consumer<? super CircuitBreakerEvent.StateTransition> listener) {
      return add(CircuitBreakerEvent.StateTransition.class, listener);
    }

    @Override
    public EventPublisher onSuccess(Consumer<? super CircuitBreakerEvent.Success> listener) {
      return add(CircuitBreakerEvent.Success.class, listener);
    }

    @Override
    public EventPublisher onError(Consumer<? super CircuitBreakerEvent.Error> listener) {
      return add(CircuitBreakerEvent.Error.class, listener);
    }

    @Override
    public EventPublisher onIgnoredError(
        Consumer<? super CircuitBreakerEvent.IgnoredError> listener) {
      return add(CircuitBreakerEvent.IgnoredError.class, listener);
    }

    @Override
    public EventPublisher onCallNotPermitted(
        Consumer<? super CircuitBreakerEvent.CallNotPermitted> listener) {
      return add(CircuitBreakerEvent.CallNotPermitted.class, listener);
    }

    @Override
    public EventPublisher onFailureRateExceeded(
        Consumer<? super CircuitBreakerEvent.FailureRateExceeded> listener) {
      return add(CircuitBreakerEvent.FailureRateExceeded.class, listener);
    }

    @Override
    public EventPublisher onSlowCallRateExceeded(
        Consumer<? super CircuitBreakerEvent.SlowCallRateExceeded> listener) {
      return add(CircuitBreakerEvent.SlowCallRateExceeded.class, listener);
    }

    @Override
    public EventPublisher onReset(Consumer<? super CircuitBreakerEvent.Reset> listener) {
      return add(CircuitBreakerEvent.Reset.class, listener);
    }
  }
}
