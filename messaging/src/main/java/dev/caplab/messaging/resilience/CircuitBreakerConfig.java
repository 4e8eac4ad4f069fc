package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The immutable settings of a {@link CircuitBreaker}, with Resilience4j's names, defaults and
 * semantics so that its users feel at home. Build one with {@link #custom()}, start from another
 * with {@link #from(CircuitBreakerConfig)}, or take {@link #ofDefaults()}.
 *
 * <p>Defaults (each one {@code DEFAULT_*} constant):
 *
 * <ul>
 *   <li>{@code failureRateThreshold} 50 %: the breaker opens when the failure rate is <em>equal to or
 *       above</em> it;
 *   <li>{@code slowCallRateThreshold} 100 %: likewise for the rate of slow calls;
 *   <li>{@code slowCallDurationThreshold} 60 s: a call is slow when it takes <em>strictly longer</em>;
 *   <li>{@code slidingWindowType} {@link SlidingWindowType#COUNT_BASED COUNT_BASED}, {@code
 *       slidingWindowSize} 100 (calls, or seconds for {@link SlidingWindowType#TIME_BASED
 *       TIME_BASED});
 *   <li>{@code minimumNumberOfCalls} 100: below it no rate is computed (rates read -1) and the breaker
 *       cannot open; a count-based window caps it at its size;
 *   <li>{@code waitDurationInOpenState} 60 s, or a {@link WaitIntervalFunction} of the number of
 *       attempts (1 for the first opening, one more for each re-opening without closing in between),
 *       built from a deterministic {@link Backoff} with {@link WaitIntervalFunction#of(Backoff)};
 *   <li>{@code permittedNumberOfCallsInHalfOpenState} 10;
 *   <li>{@code maxWaitDurationInHalfOpenState} 0 (wait in half-open until the permitted calls are
 *       recorded, however long), then {@code transitionToStateAfterWaitDuration} OPEN;
 *   <li>{@code automaticTransitionFromOpenToHalfOpenEnabled} false;
 *   <li>every exception is recorded as a failure, none is ignored, no result is a failure.
 * </ul>
 *
 * <p>Bad values fail fast: an {@link IllegalArgumentException} names the setting, the value and the
 * allowed range; setting the open-state wait twice (a duration and a function) is an {@link
 * IllegalStateException} at {@link Builder#build()}.
 *
 * <p>Immutable and thread-safe, provided the predicates and the wait function it holds are.
 */
public final class CircuitBreakerConfig {

  /** Default failure rate threshold, in percent. */
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;
  /** Default slow call rate threshold, in percent. */
  public static final float DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100;
  /** Default duration above which a call is slow. */
  public static final Duration DEFAULT_SLOW_CALL_DURATION_THRESHOLD = Duration.ofSeconds(60);
  /** Default wait in OPEN before a call may try HALF_OPEN. */
  public static final Duration DEFAULT_WAIT_DURATION_IN_OPEN_STATE = Duration.ofSeconds(60);
  /** Default number of trial calls in HALF_OPEN. */
  public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 10;
  /** Default minimum number of recorded calls before any rate counts. */
  public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 100;
  /** Default window size: calls (count-based) or seconds (time-based). */
  public static final int DEFAULT_SLIDING_WINDOW_SIZE = 100;
  /** Default window type. */
  public static final SlidingWindowType DEFAULT_SLIDING_WINDOW_TYPE = SlidingWindowType.COUNT_BASED;
  /** Default max wait in HALF_OPEN: zero means wait for the permitted calls, however long. */
  public static final Duration DEFAULT_MAX_WAIT_DURATION_IN_HALF_OPEN_STATE = Duration.ZERO;
  /** Default state entered when the max wait in HALF_OPEN runs out. */
  public static final CircuitBreaker.State DEFAULT_TRANSITION_TO_STATE_AFTER_WAIT_DURATION =
      CircuitBreaker.State.OPEN;
  /** Default for the automatic (not call-driven) move from OPEN to HALF_OPEN. */
  public static final boolean DEFAULT_AUTOMATIC_TRANSITION_FROM_OPEN_TO_HALF_OPEN_ENABLED = false;
  /** Default for filling in the stack trace of a {@link CallNotPermittedException}. */
  public static final boolean DEFAULT_WRITABLE_STACK_TRACE_ENABLED = true;

  /** Rates are percentages: a threshold must be above this (exclusive) ... */
  static final float MIN_RATE_THRESHOLD_EXCLUSIVE = 0;
  /** ... and at most this (inclusive). */
  static final float MAX_RATE_THRESHOLD = 100;
  /** Smallest window size, minimum number of calls and permitted calls in half-open. */
  static final int MIN_COUNT = 1;
  /** Shortest wait in OPEN (Resilience4j's bound). */
  static final Duration MIN_WAIT_DURATION_IN_OPEN_STATE = Duration.ofMillis(1);
  /** Shortest slow-call threshold. */
  static final Duration MIN_SLOW_CALL_DURATION_THRESHOLD = Duration.ofNanos(1);

  private static final Predicate<Throwable> RECORD_ALL = throwable -> true;
  private static final Predicate<Throwable> IGNORE_NONE = throwable -> false;
  private static final Predicate<Object> NO_FAILED_RESULT = result -> false;

  private final float failureRateThreshold;
  private final float slowCallRateThreshold;
  private final Duration slowCallDurationThreshold;
  private final SlidingWindowType slidingWindowType;
  private final int slidingWindowSize;
  private final int minimumNumberOfCalls;
  private final int permittedNumberOfCallsInHalfOpenState;
  private final WaitIntervalFunction waitIntervalFunctionInOpenState;
  private final Duration maxWaitDurationInHalfOpenState;
  private final CircuitBreaker.State transitionToStateAfterWaitDuration;
  private final boolean automaticTransitionFromOpenToHalfOpenEnabled;
  private final boolean writableStackTraceEnabled;
  private final Predicate<Throwable> recordExceptionPredicate;
  private final Predicate<Throwable> ignoreExceptionPredicate;
  private final Predicate<Object> recordResultPredicate;
  // Kept only so that from(base) can rebuild the predicates exactly.
  private final Predicate<Throwable> recordException;
  private final Predicate<Throwable> ignoreException;
  private final List<Class<? extends Throwable>> recordExceptions;
  private final List<Class<? extends Throwable>> ignoreExceptions;

  private CircuitBreakerConfig(Builder b) {
    this.failureRateThreshold = b.failureRateThreshold;
    this.slowCallRateThreshold = b.slowCallRateThreshold;
    this.slowCallDurationThreshold = b.slowCallDurationThreshold;
    this.slidingWindowType = b.slidingWindowType;
    this.slidingWindowSize = b.slidingWindowSize;
    this.minimumNumberOfCalls = b.minimumNumberOfCalls;
    this.permittedNumberOfCallsInHalfOpenState = b.permittedNumberOfCallsInHalfOpenState;
    this.waitIntervalFunctionInOpenState = b.waitIntervalFunctionInOpenState;
    this.maxWaitDurationInHalfOpenState = b.maxWaitDurationInHalfOpenState;
    this.transitionToStateAfterWaitDuration = b.transitionToStateAfterWaitDuration;
    this.automaticTransitionFromOpenToHalfOpenEnabled =
        b.automaticTransitionFromOpenToHalfOpenEnabled;
    this.writableStackTraceEnabled = b.writableStackTraceEnabled;
    this.recordException = b.recordException;
    this.ignoreException = b.ignoreException;
    this.recordExceptions = b.recordExceptions;
    this.ignoreExceptions = b.ignoreExceptions;
    this.recordExceptionPredicate = combine(b.recordException, b.recordExceptions, RECORD_ALL);
    this.ignoreExceptionPredicate = combine(b.ignoreException, b.ignoreExceptions, IGNORE_NONE);
    this.recordResultPredicate = b.recordResult;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(CircuitBreakerConfig base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /** The default configuration. */
  public static CircuitBreakerConfig ofDefaults() {
    return Defaults.CONFIG;
  }

  /** Failure rate (percent) at or above which the breaker opens. */
  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  /** Slow-call rate (percent) at or above which the breaker opens. */
  public float slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /** A call taking strictly longer than this is slow. */
  public Duration slowCallDurationThreshold() {
    return slowCallDurationThreshold;
  }

  /** Whether the window counts calls or seconds. */
  public SlidingWindowType slidingWindowType() {
    return slidingWindowType;
  }

  /** Window size: calls (count-based) or seconds (time-based). */
  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  /**
   * Calls that must be recorded before a rate counts, as configured; a count-based window (and
   * HALF_OPEN's window of {@link #permittedNumberOfCallsInHalfOpenState()} calls) uses at most its
   * own size.
   */
  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  /** Trial calls permitted in HALF_OPEN. */
  public int permittedNumberOfCallsInHalfOpenState() {
    return permittedNumberOfCallsInHalfOpenState;
  }

  /** The wait in OPEN as a function of the number of attempts. */
  public WaitIntervalFunction waitIntervalFunctionInOpenState() {
    return waitIntervalFunctionInOpenState;
  }

  /** Longest stay in HALF_OPEN; zero means no limit. */
  public Duration maxWaitDurationInHalfOpenState() {
    return maxWaitDurationInHalfOpenState;
  }

  /** The state (OPEN or CLOSED) entered when {@link #maxWaitDurationInHalfOpenState()} runs out. */
  public CircuitBreaker.State transitionToStateAfterWaitDuration() {
    return transitionToStateAfterWaitDuration;
  }

  /** Whether OPEN moves to HALF_OPEN after the wait without a call asking for a permission. */
  public boolean automaticTransitionFromOpenToHalfOpenEnabled() {
    return automaticTransitionFromOpenToHalfOpenEnabled;
  }

  /** Whether a {@link CallNotPermittedException} fills in its stack trace. */
  public boolean writableStackTraceEnabled() {
    return writableStackTraceEnabled;
  }

  /** True for exceptions recorded as failures (unless ignored; otherwise they count as successes). */
  public Predicate<Throwable> recordExceptionPredicate() {
    return recordExceptionPredicate;
  }

  /** True for exceptions that count as neither failure nor success; wins over recording. */
  public Predicate<Throwable> ignoreExceptionPredicate() {
    return ignoreExceptionPredicate;
  }

  /** True for results (of {@link CircuitBreaker#onResult}) recorded as failures. */
  public Predicate<Object> recordResultPredicate() {
    return recordResultPredicate;
  }

  @Override
  public String toString() {
    return "CircuitBreakerConfig{failureRateThreshold=" + failureRateThreshold
        + ", slowCallRateThreshold=" + slowCallRateThreshold
        + ", slowCallDurationThreshold=" + slowCallDurationThreshold
        + ", slidingWindowType=" + slidingWindowType
        + ", slidingWindowSize=" + slidingWindowSize
        + ", minimumNumberOfCalls=" + minimumNumberOfCalls
        + ", permittedNumberOfCallsInHalfOpenState=" + permittedNumberOfCallsInHalfOpenState
        + ", waitIntervalFunctionInOpenState=" + waitIntervalFunctionInOpenState
        + ", maxWaitDurationInHalfOpenState=" + maxWaitDurationInHalfOpenState
        + ", transitionToStateAfterWaitDuration=" + transitionToStateAfterWaitDuration
        + ", automaticTransitionFromOpenToHalfOpenEnabled="
        + automaticTransitionFromOpenToHalfOpenEnabled
        + ", recordExceptions=" + recordExceptions
        + ", ignoreExceptions=" + ignoreExceptions + "}";
  }

  private static Predicate<Throwable> combine(
      Predicate<Throwable> predicate,
      List<Class<? extends Throwable>> classes,
      Predicate<Throwable> fallback) {
    Predicate<Throwable> byClass =
        classes.isEmpty()
            ? null
            : throwable -> {
              for (Class<? extends Throwable> c : classes) {
                if (c.isInstance(throwable)) {
                  return true;
                }
              }
              return false;
            };
    if (predicate == null && byClass == null) {
      return fallback;
    }
    if (predicate == null) {
      return byClass;
    }
    return byClass == null ? predicate : predicate.or(byClass);
  }

  /** How the closed-state window aggregates calls. */
  public enum SlidingWindowType {
    /** The last {@code slidingWindowSize} calls. */
    COUNT_BASED,
    /**
     * The calls of the last {@code slidingWindowSize} seconds of the breaker's ticker, aggregated
     * per whole second of ticker time (Resilience4j's per-epoch-second partial aggregation).
     */
    TIME_BASED
  }

  /**
   * How long the breaker stays OPEN, as a function of the attempt number: 1 for the first opening
   * after CLOSED, 2 for the next re-opening (from HALF_OPEN or a forced transition) and so on; the
   * count restarts when the breaker closes. Resilience4j's {@code IntervalFunction}.
   *
   * <p>An implementation must be thread-safe and return a non-negative duration.
   */
  @FunctionalInterface
  public interface WaitIntervalFunction {

    /** The wait before attempt {@code attempt} (at least 1). */
    Duration apply(int attempt);

    /** The same wait every time: {@link Backoff#fixed(Duration)}. */
    static WaitIntervalFunction fixed(Duration wait) {
      Require.atLeast("wait", wait, MIN_WAIT_DURATION_IN_OPEN_STATE);
      return new BackoffWait(Backoff.fixed(wait));
    }

    /**
     * The wait before attempt {@code n} is {@code backoff}'s delay before retry {@code n}: both
     * count from 1, so {@link Backoff#fixed}, {@link Backoff#exponential(Duration, double,
     * Duration)} and {@link Backoff#noJitter} give the same waits here as between retries, and one
     * backoff definition serves both {@link Retry} and the breaker.
     *
     * <p>The breaker has no random source and no per-breaker memory of its previous wait (a wait
     * function is a pure function of the attempt, shared by every breaker built from the
     * configuration), so {@code backoff} must be deterministic: a backoff that draws a random
     * number (the jittered and randomized ones) is rejected here, or, if it only draws on a later
     * attempt, fails with an {@link IllegalStateException} then. Its first wait must be at least
     * 1 ms, as for {@link #fixed}.
     *
     * @throws IllegalArgumentException if {@code backoff} draws a random number for attempt 1 or
     *     its first wait is under 1 ms
     */
    static WaitIntervalFunction of(Backoff backoff) {
      Objects.requireNonNull(backoff, "backoff");
      BackoffWait function = new BackoffWait(backoff);
      Duration first;
      try {
        first = function.apply(1);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      Require.atLeast("backoff's first wait", first, MIN_WAIT_DURATION_IN_OPEN_STATE);
      return function;
    }

    /**
     * {@code initial * multiplier^(attempt - 1)}, Resilience4j's {@code ofExponentialBackoff}, with
     * no cap: {@link Backoff#exponential(Duration, double)}.
     */
    static WaitIntervalFunction exponential(Duration initial, double multiplier) {
      return exponential(initial, multiplier, Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * {@code min(max, initial * multiplier^(attempt - 1))}: {@link Backoff#exponential(Duration,
     * double, Duration)}.
     */
    static WaitIntervalFunction exponential(Duration initial, double multiplier, Duration max) {
      Require.atLeast("initial", initial, MIN_WAIT_DURATION_IN_OPEN_STATE);
      Objects.requireNonNull(max, "max");
      Require.atLeast("multiplier", multiplier, Backoff.MIN_MULTIPLIER);
      Require.atLeast("max", max, initial);
      return new BackoffWait(Backoff.exponential(initial, multiplier, max));
    }
  }

  /**
   * A {@link Backoff} read as a wait function: attempt {@code n} waits the backoff's delay before
   * retry {@code n}. The breaker keeps no previous delay and has no random source, so the backoff
   * gets 0 and a generator that refuses to be drawn from.
   */
  private record BackoffWait(Backoff backoff) implements WaitIntervalFunction {
    @Override
    public Duration apply(int attempt) {
      return Duration.ofNanos(backoff.delayNanos(attempt, 0L, NoRandomness.INSTANCE));
    }
  }

  /** The random source of a breaker's wait: none; drawing from it is a configuration error. */
  private static final class NoRandomness implements RandomGenerator {
    static final NoRandomness INSTANCE = new NoRandomness();

    @Override
    public long nextLong() {
      throw new IllegalStateException(
          "the wait in OPEN must be deterministic: the circuit breaker has no RandomGenerator, so a "
              + "jittered or randomized Backoff cannot be its wait function");
    }
  }

  /** Holder so that {@link #ofDefaults()} builds the defaults once, after the constants exist. */
  private static final class Defaults {
    static final CircuitBreakerConfig CONFIG = new Builder().build();
  }

  /**
   * Collects settings for a {@link CircuitBreakerConfig}. Each setter checks its value at once and
   * throws {@link IllegalArgumentException} naming the setting, the value and the allowed range.
   *
   * <p>Not thread-safe: build on one thread.
   */
  public static final class Builder {

    private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private float slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
    private Duration slowCallDurationThreshold = DEFAULT_SLOW_CALL_DURATION_THRESHOLD;
    private SlidingWindowType slidingWindowType = DEFAULT_SLIDING_WINDOW_TYPE;
    private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
    private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
    private int permittedNumberOfCallsInHalfOpenState = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;
    private WaitIntervalFunction waitIntervalFunctionInOpenState =
        WaitIntervalFunction.fixed(DEFAULT_WAIT_DURATION_IN_OPEN_STATE);
    private int waitSettingsMade;
    private Duration maxWaitDurationInHalfOpenState = DEFAULT_MAX_WAIT_DURATION_IN_HALF_OPEN_STATE;
    private CircuitBreaker.State transitionToStateAfterWaitDuration =
        DEFAULT_TRANSITION_TO_STATE_AFTER_WAIT_DURATION;
    private boolean automaticTransitionFromOpenToHalfOpenEnabled =
        DEFAULT_AUTOMATIC_TRANSITION_FROM_OPEN_TO_HALF_OPEN_ENABLED;
    private boolean writableStackTraceEnabled = DEFAULT_WRITABLE_STACK_TRACE_ENABLED;
    private Predicate<Throwable> recordException;
    private Predicate<Throwable> ignoreException;
    private List<Class<? extends Throwable>> recordExceptions = List.of();
    private List<Class<? extends Throwable>> ignoreExceptions = List.of();
    private Predicate<Object> recordResult = NO_FAILED_RESULT;

    private Builder() {}

    private Builder(CircuitBreakerConfig base) {
      failureRateThreshold = base.failureRateThreshold;
      slowCallRateThreshold = base.slowCallRateThreshold;
      slowCallDurationThreshold = base.slowCallDurationThreshold;
      slidingWindowType = base.slidingWindowType;
      slidingWindowSize = base.slidingWindowSize;
      minimumNumberOfCalls = base.minimumNumberOfCalls;
      permittedNumberOfCallsInHalfOpenState = base.permittedNumberOfCallsInHalfOpenState;
      waitIntervalFunctionInOpenState = base.waitIntervalFunctionInOpenState;
      maxWaitDurationInHalfOpenState = base.maxWaitDurationInHalfOpenState;
      transitionToStateAfterWaitDuration = base.transitionToStateAfterWaitDuration;
      automaticTransitionFromOpenToHalfOpenEnabled =
          base.automaticTransitionFromOpenToHalfOpenEnabled;
      writableStackTraceEnabled = base.writableStackTraceEnabled;
      recordException = base.recordException;
      ignoreException = base.ignoreException;
      recordExceptions = base.recordExceptions;
      ignoreExceptions = base.ignoreExceptions;
      recordResult = base.recordResultPredicate;
    }

    /** Failure rate in percent, in (0, 100], at or above which the breaker opens; default 50. */
    public Builder failureRateThreshold(float percent) {
      failureRateThreshold =
          Require.inOpenClosed("failureRateThreshold", percent, MIN_RATE_THRESHOLD_EXCLUSIVE, MAX_RATE_THRESHOLD);
      return this;
    }

    /** Slow-call rate in percent, in (0, 100], at or above which the breaker opens; default 100. */
    public Builder slowCallRateThreshold(float percent) {
      slowCallRateThreshold =
          Require.inOpenClosed("slowCallRateThreshold", percent, MIN_RATE_THRESHOLD_EXCLUSIVE, MAX_RATE_THRESHOLD);
      return this;
    }

    /** A call taking strictly longer than this (at least 1 ns) is slow; default 60 s. */
    public Builder slowCallDurationThreshold(Duration threshold) {
      slowCallDurationThreshold =
          Require.atLeast("slowCallDurationThreshold", threshold, MIN_SLOW_CALL_DURATION_THRESHOLD);
      return this;
    }

    /** Count-based or time-based window; default count-based. */
    public Builder slidingWindowType(SlidingWindowType type) {
      slidingWindowType = Objects.requireNonNull(type, "slidingWindowType");
      return this;
    }

    /** Window size (at least 1): calls, or seconds when time-based; default 100. */
    public Builder slidingWindowSize(int size) {
      slidingWindowSize = Require.atLeast("slidingWindowSize", size, MIN_COUNT);
      return this;
    }

    /** Calls (at least 1) recorded before any rate counts; default 100. */
    public Builder minimumNumberOfCalls(int calls) {
      minimumNumberOfCalls = Require.atLeast("minimumNumberOfCalls", calls, MIN_COUNT);
      return this;
    }

    /** Size, minimum calls and type in one call, as Resilience4j's {@code slidingWindow(...)}. */
    public Builder slidingWindow(int size, int minimumCalls, SlidingWindowType type) {
      return slidingWindowSize(size).minimumNumberOfCalls(minimumCalls).slidingWindowType(type);
    }

    /** Trial calls (at least 1) permitted in HALF_OPEN; default 10. */
    public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
      permittedNumberOfCallsInHalfOpenState =
          Require.atLeast("permittedNumberOfCallsInHalfOpenState", calls, MIN_COUNT);
      return this;
    }

    /**
     * A fixed wait in OPEN (at least 1 ms); default 60 s. Do not combine with {@link
     * #waitIntervalFunctionInOpenState}: {@link #build()} rejects two wait settings.
     */
    public Builder waitDurationInOpenState(Duration wait) {
      Require.atLeast("waitDurationInOpenState", wait, MIN_WAIT_DURATION_IN_OPEN_STATE);
      waitIntervalFunctionInOpenState = WaitIntervalFunction.fixed(wait);
      waitSettingsMade++;
      return this;
    }

    /**
     * The wait in OPEN as a function of the attempt number, for example {@link
     * WaitIntervalFunction#exponential(Duration, double)}. Do not combine with {@link
     * #waitDurationInOpenState}: {@link #build()} rejects two wait settings.
     */
    public Builder waitIntervalFunctionInOpenState(WaitIntervalFunction function) {
      waitIntervalFunctionInOpenState =
          Objects.requireNonNull(function, "waitIntervalFunctionInOpenState");
      waitSettingsMade++;
      return this;
    }

    /** Longest stay in HALF_OPEN (at least 0; 0 means no limit); default 0. */
    public Builder maxWaitDurationInHalfOpenState(Duration wait) {
      maxWaitDurationInHalfOpenState =
          Require.atLeast("maxWaitDurationInHalfOpenState", wait, Duration.ZERO);
      return this;
    }

    /** The state entered when the HALF_OPEN max wait runs out: OPEN (default) or CLOSED. */
    public Builder transitionToStateAfterWaitDuration(CircuitBreaker.State state) {
      Objects.requireNonNull(state, "transitionToStateAfterWaitDuration");
      Require.requireArgument(state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.CLOSED,
          "transitionToStateAfterWaitDuration must be OPEN or CLOSED, got %s", state);
      transitionToStateAfterWaitDuration = state;
      return this;
    }

    /**
     * Moves OPEN to HALF_OPEN once the wait has passed even without a call asking for a permission.
     * caplab starts no scheduler thread: the move is made by the next read or use of
     * the breaker ({@link CircuitBreaker#state()}, its metrics, any call), stamped with that time.
     */
    public Builder automaticTransitionFromOpenToHalfOpenEnabled(boolean enabled) {
      automaticTransitionFromOpenToHalfOpenEnabled = enabled;
      return this;
    }

    /** Same as {@code automaticTransitionFromOpenToHalfOpenEnabled(true)}. */
    public Builder enableAutomaticTransitionFromOpenToHalfOpen() {
      return automaticTransitionFromOpenToHalfOpenEnabled(true);
    }

    /** Whether {@link CallNotPermittedException}s fill in their stack trace; default true. */
    public Builder writableStackTraceEnabled(boolean enabled) {
      writableStackTraceEnabled = enabled;
      return this;
    }

    /**
     * Exceptions recorded as failures (or'ed with {@link #recordExceptions}); an exception that is
     * neither recorded nor ignored counts as a success. Default: all are recorded.
     */
    public Builder recordException(Predicate<Throwable> predicate) {
      recordException = Objects.requireNonNull(predicate, "recordException");
      return this;
    }

    /** Exception classes (and subclasses) recorded as failures. */
    @SafeVarargs
    public final Builder recordExceptions(Class<? extends Throwable>... classes) {
      Objects.requireNonNull(classes, "recordExceptions");
      List<Class<? extends Throwable>> list = new ArrayList<>(classes.length);
      for (Class<? extends Throwable> c : classes) {
        list.add(Objects.requireNonNull(c, "recordExceptions"));
      }
      recordExceptions = List.copyOf(list);
      return this;
    }

    /**
     * Exceptions that count as neither failure nor success (or'ed with {@link #ignoreExceptions});
     * their call's permission is released. Ignoring wins over recording. Default: none.
     */
    public Builder ignoreException(Predicate<Throwable> predicate) {
      ignoreException = Objects.requireNonNull(predicate, "ignoreException");
      return this;
    }

    /** Exception classes (and subclasses) ignored. */
    @SafeVarargs
    public final Builder ignoreExceptions(Class<? extends Throwable>... classes) {
      Objects.requireNonNull(classes, "ignoreExceptions");
      List<Class<? extends Throwable>> list = new ArrayList<>(classes.length);
      for (Class<? extends Throwable> c : classes) {
        list.add(Objects.requireNonNull(c, "ignoreExceptions"));
      }
      ignoreExceptions = List.copyOf(list);
      return this;
    }

    /** Results that {@link CircuitBreaker#onResult} records as failures. Default: none. */
    public Builder recordResult(Predicate<Object> predicate) {
      recordResult = Objects.requireNonNull(predicate, "recordResult");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException if both {@link #waitDurationInOpenState} and {@link
     *     #waitIntervalFunctionInOpenState} were set (or one of them twice)
     */
    public CircuitBreakerConfig build() {
      Require.requireState(waitSettingsMade <= 1, "the wait in OPEN was set %d times; set either "
          + "waitDurationInOpenState or waitIntervalFunctionInOpenState, once", waitSettingsMade);
      return new CircuitBreakerConfig(this);
    }
  }
}
