package dev.caplab.messaging.resilience.internal;

/**
 * The last {@code size} calls: a ring of one byte per call plus running totals; recording evicts
 * the oldest call once the ring is full. Thread-safe (see {@link CallWindow}).
 */
final class CountWindow extends CallWindow {

  private final byte[] ring;
  /** The slot the next call goes into (the oldest call once the ring is full); guarded by this. */
  private int head;

  CountWindow(int size, int minimumCalls, float failureRateThreshold, float slowCallRateThreshold) {
    super(minimumCalls, failureRateThreshold, slowCallRateThreshold);
    this.ring = new byte[size];
  }

  @Override
  public synchronized int record(boolean failedCall, boolean slowCall) {
    byte[] r = ring;
    if (r.length == 0) {
      return BELOW_MINIMUM_CALLS;
    }
    int h = head;
    if (calls == r.length) {
      int evicted = r[h];
      calls--;
      failed -= evicted & Outcomes.FAILED;
      int wasSlow = (evicted & Outcomes.SLOW) >>> 1;
      slow -= wasSlow;
      slowFailed -= wasSlow & evicted;
    }
    int outcome = Outcomes.of(failedCall, slowCall);
    r[h] = (byte) outcome;
    head = h + 1 == r.length ? 0 : h + 1;
    add(outcome);
    return verdict();
  }

  @Override
  public synchronized Counts counts() {
    return snapshot();
  }
}
