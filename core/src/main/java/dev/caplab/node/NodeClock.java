package dev.caplab.node;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;

/**
 * A node's own wall clock: simulated time shifted by a skew and running fast or slow by a drift,
 * as a real server's clock does between NTP corrections. This is what LWW timestamps and leases
 * read; a skew step can make it jump backwards.
 *
 * <p>local = base + (now - since) * (1 + drift), rebased whenever drift changes so the clock stays
 * continuous. Not thread-safe: used on the simulation thread.
 */
public final class NodeClock implements Ticker {

  /** A drift must be above this: -1 would stop the clock. */
  public static final double MIN_DRIFT_EXCLUSIVE = -1.0;
  /** A drift must be below this: a clock running twice as fast is no longer a clock error. */
  public static final double MAX_DRIFT_EXCLUSIVE = 1.0;

  private final Ticker simTime;
  private long base;
  private long since;
  private double drift;

  NodeClock(Ticker simTime) {
    this.simTime = simTime;
    this.base = simTime.nanos();
    this.since = base;
  }

  @Override
  public long nanos() {
    long elapsed = simTime.nanos() - since;
    return base + elapsed + (long) (elapsed * drift);
  }

  /** Current offset from true simulated time, in nanoseconds (positive = ahead). */
  public long offsetNanos() {
    return nanos() - simTime.nanos();
  }

  /** Current drift rate, e.g. 1e-4 = 100 ppm fast. */
  public double drift() {
    return drift;
  }

  /** Sets the offset from true time to exactly {@code offsetNanos}. */
  void setOffset(long offsetNanos) {
    rebase();
    base = simTime.nanos() + offsetNanos;
  }

  void setDrift(double drift) {
    Require.inOpen("drift", drift, MIN_DRIFT_EXCLUSIVE, MAX_DRIFT_EXCLUSIVE);
    rebase();
    this.drift = drift;
  }

  private void rebase() {
    base = nanos();
    since = simTime.nanos();
  }
}
