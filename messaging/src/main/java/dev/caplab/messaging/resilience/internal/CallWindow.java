package dev.caplab.messaging.resilience.internal;

import dev.caplab.time.Ticker;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregates the outcomes of recorded calls (failed or not, slow or not) over a sliding window and
 * judges them against a breaker's thresholds, Resilience4j's {@code FixedSizeSlidingWindowMetrics}
 * and {@code SlidingTimeWindowMetrics} with the threshold check of its {@code
 * CircuitBreakerMetrics}.
 *
 * <p>The window keeps running totals (subtract-on-evict), so recording and reading are O(1) for a
 * count-based window and O(seconds elapsed, at most the window) for a time-based one, with no
 * allocation when recording. A rate is {@code count * 100.0f / calls} in {@code float}, as in
 * Resilience4j, and a threshold is reached when the rate is equal to or above it.
 *
 * <p>Thread-safe: recording and reading hold the window's monitor, so a verdict is judged on the
 * totals that include the call just recorded and no other call's half-update; the not-permitted
 * count is a {@link LongAdder}.
 */
public abstract class CallWindow {

  /** Verdict: the rates are below both thresholds. */
  public static final int BELOW_THRESHOLDS = 0;
  /** Verdict bit: the failure rate is at or above its threshold. */
  public static final int FAILURE_RATE_EXCEEDED = 1;
  /** Verdict bit: the slow-call rate is at or above its threshold. */
  public static final int SLOW_CALL_RATE_EXCEEDED = 2;
  /** Verdict: fewer calls than the minimum (or none); no rate counts yet. */
  public static final int BELOW_MINIMUM_CALLS = 4;

  /** Rates are percentages. */
  static final float PERCENT = 100.0f;
  /** What a rate reads below the minimum number of calls. */
  public static final float NO_RATE = -1.0f;

  private final int minimumCalls;
  private final float failureRateThreshold;
  private final float slowCallRateThreshold;
  private final LongAdder notPermitted = new LongAdder();

  // Running totals over the window; guarded by this.
  int calls;
  int failed;
  int slow;
  int slowFailed;

  CallWindow(int minimumCalls, float failureRateThreshold, float slowCallRateThreshold) {
    this.minimumCalls = minimumCalls;
    this.failureRateThreshold = failureRateThreshold;
    this.slowCallRateThreshold = slowCallRateThreshold;
  }

  /**
   * The last {@code size} calls (size 0: records nothing, for states that keep no window). The
   * minimum number of calls is capped at {@code size}, as Resilience4j does.
   */
  public static CallWindow countBased(
      int size, int minimumCalls, float failureRateThreshold, float slowCallRateThreshold) {
    return new CountWindow(
        size, Math.min(minimumCalls, size), failureRateThreshold, slowCallRateThreshold);
  }

  /** The calls of the last {@code seconds} whole seconds of {@code ticker}. */
  public static CallWindow timeBased(
      int seconds,
      int minimumCalls,
      float failureRateThreshold,
      float slowCallRateThreshold,
      Ticker ticker) {
    return new TimeWindow(seconds, minimumCalls, failureRateThreshold, slowCallRateThreshold, ticker);
  }

  /**
   * Records one call and returns the verdict on the window including it: {@link
   * #BELOW_MINIMUM_CALLS}, {@link #BELOW_THRESHOLDS}, or a combination of {@link
   * #FAILURE_RATE_EXCEEDED} and {@link #SLOW_CALL_RATE_EXCEEDED}.
   */
  public abstract int record(boolean failedCall, boolean slowCall);

  /** Reads the totals (after evicting what has aged out of a time-based window). */
  public abstract Counts counts();

  /** Counts a call that was not permitted. */
  public final void onCallNotPermitted() {
    notPermitted.increment();
  }

  /** Calls not permitted since this window was created. */
  public final long notPermittedCalls() {
    return notPermitted.sum();
  }

  /** Adds one outcome to the totals; the caller holds the monitor. */
  final void add(int outcome) {
    calls++;
    failed += outcome & Outcomes.FAILED;
    int isSlow = (outcome & Outcomes.SLOW) >>> 1;
    slow += isSlow;
    slowFailed += isSlow & outcome;
  }

  /** The verdict on the current totals; the caller holds the monitor. */
  final int verdict() {
    int n = calls;
    if (n == 0 || n < minimumCalls) {
      return BELOW_MINIMUM_CALLS;
    }
    int v = BELOW_THRESHOLDS;
    // A zero count is a zero rate, below any threshold (thresholds are > 0): skip the division.
    if (failed != 0 && failed * PERCENT / n >= failureRateThreshold) {
      v |= FAILURE_RATE_EXCEEDED;
    }
    if (slow != 0 && slow * PERCENT / n >= slowCallRateThreshold) {
      v |= SLOW_CALL_RATE_EXCEEDED;
    }
    return v;
  }

  /** A snapshot of the totals; the caller holds the monitor. */
  final Counts snapshot() {
    return new Counts(calls, failed, slow, slowFailed, minimumCalls, notPermitted.sum());
  }

  /** Bit layout of one recorded outcome. */
  static final class Outcomes {
    static final int FAILED = 1;
    static final int SLOW = 2;

    static int of(boolean failed, boolean slow) {
      return (failed ? FAILED : 0) | (slow ? SLOW : 0);
    }

    private Outcomes() {}
  }

  /**
   * Totals of a window at one moment.
   *
   * @param bufferedCalls calls in the window
   * @param failedCalls failed calls in the window
   * @param slowCalls slow calls (successful or failed) in the window
   * @param slowFailedCalls slow failed calls in the window
   * @param minimumCalls calls needed before a rate counts
   * @param notPermittedCalls calls not permitted since the window was created
   */
  public record Counts(
      int bufferedCalls,
      int failedCalls,
      int slowCalls,
      int slowFailedCalls,
      int minimumCalls,
      long notPermittedCalls) {

    /** Calls that did not fail. */
    public int successfulCalls() {
      return bufferedCalls - failedCalls;
    }

    /** Slow calls that did not fail. */
    public int slowSuccessfulCalls() {
      return slowCalls - slowFailedCalls;
    }

    /** Failure rate in percent, or -1 below the minimum number of calls. */
    public float failureRate() {
      return rate(failedCalls);
    }

    /** Slow-call rate in percent, or -1 below the minimum number of calls. */
    public float slowCallRate() {
      return rate(slowCalls);
    }

    private float rate(int count) {
      if (bufferedCalls == 0 || bufferedCalls < minimumCalls) {
        return NO_RATE;
      }
      return count * PERCENT / bufferedCalls;
    }
  }
}
