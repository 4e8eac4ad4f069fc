package dev.caplab.messaging.resilience.internal;

import dev.caplab.time.Ticker;

/**
 * The calls of the last {@code seconds} whole seconds of a ticker: one bucket per second in a ring
 * (Resilience4j's partial aggregation per epoch second), the head bucket being the current second.
 * Moving to a later second empties the buckets of the seconds that left the window and subtracts
 * them from the totals. Seconds are {@code floorDiv(ticker.nanos(), 1e9)}: with a simulation's
 * ticker they start at virtual time 0. A ticker reading earlier than the head's second (a
 * non-monotonic ticker) records into the head. Thread-safe (see {@link CallWindow}).
 */
final class TimeWindow extends CallWindow {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Ticker ticker;
  private final int[] bucketCalls;
  private final int[] bucketFailed;
  private final int[] bucketSlow;
  private final int[] bucketSlowFailed;
  /** Index of the current second's bucket; guarded by this. */
  private int head;
  /** The second of the head bucket; guarded by this. */
  private long headSecond;

  TimeWindow(
      int seconds,
      int minimumCalls,
      float failureRateThreshold,
      float slowCallRateThreshold,
      Ticker ticker) {
    super(minimumCalls, failureRateThreshold, slowCallRateThreshold);
    this.ticker = ticker;
    this.bucketCalls = new int[seconds];
    this.bucketFailed = new int[seconds];
    this.bucketSlow = new int[seconds];
    this.bucketSlowFailed = new int[seconds];
    this.headSecond = Math.floorDiv(ticker.nanos(), NANOS_PER_SECOND);
  }

  @Override
  public synchronized int record(boolean failedCall, boolean slowCall) {
    moveToNow();
    int outcome = Outcomes.of(failedCall, slowCall);
    int h = head;
    int isSlow = slowCall ? 1 : 0;
    int isFailed = failedCall ? 1 : 0;
    bucketCalls[h]++;
    bucketFailed[h] += isFailed;
    bucketSlow[h] += isSlow;
    bucketSlowFailed[h] += isSlow & isFailed;
    add(outcome);
    return verdict();
  }

  @Override
  public synchronized Counts counts() {
    moveToNow();
    return snapshot();
  }

  private void moveToNow() {
    long second = Math.floorDiv(ticker.nanos(), NANOS_PER_SECOND);
    long elapsed = second - headSecond;
    if (elapsed <= 0) {
      return;
    }
    int n = bucketCalls.length;
    int steps = (int) Math.min(elapsed, n);
    int h = head;
    for (int i = 0; i < steps; i++) {
      h = h + 1 == n ? 0 : h + 1;
      calls -= bucketCalls[h];
      failed -= bucketFailed[h];
      slow -= bucketSlow[h];
      slowFailed -= bucketSlowFailed[h];
      bucketCalls[h] = 0;
      bucketFailed[h] = 0;
      bucketSlow[h] = 0;
      bucketSlowFailed[h] = 0;
    }
    head = h;
    headSecond = second;
  }
}
