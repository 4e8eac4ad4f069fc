package dev.caplab.node;

import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * A node's own wall clock: simulated time shifted by a skew and running fast or slow by a drift,
 * as a real server's clock does between NTP corrections. This is what LWW timestamps and leases
 * read; a skew step can make it jump backwards.
 *
 * <p>local = base + (now - since) * (1 + drift), rebased whenever drift changes so the clock stays
 * continuous. Not thread-safe: used on the simulation thread.
 */
public final class NodeClock implements Ticker {

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
    requireDrift("clock drift", drift);
    rebase();
    this.drift = drift;
  }

  /** Checks that {@code drift} is a clock rate error in (-1, 1) and returns it. */
  public static double requireDrift(String name, double drift) {
    if (!(drift > -1.0 && drift < 1.0)) {
      throw new IllegalArgumentException(name + " must be a rate in (-1, 1), got " + drift);
    }
    return drift;
  }

  /**
   * {@code offset} in nanoseconds, which must fit a long (about 292 years either way).
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static long requireOffset(String name, Duration offset) {
    Objects.requireNonNull(offset, name);
    try {
      return offset.toNanos();
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException(name + " must fit in a long of nanoseconds (about 292 years either way),"
          + " got " + offset);
    }
  }

  private void rebase() {
    base = nanos();
    since = simTime.nanos();
  }
}
