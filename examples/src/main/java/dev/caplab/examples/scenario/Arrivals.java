package dev.caplab.examples.scenario;

import dev.caplab.sim.RandomDraws;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The arrival times of a Poisson process, for scenario workloads drawn up front so that every
 * design meets the same load: exponential gaps with mean 1 / rate, cut to whole nanoseconds and
 * raised to a minimum gap, from time 0.
 *
 * <p>The gaps come one draw each from the given generator, in order, and nothing else is drawn
 * from it, so a workload may interleave draws of its own (what each request needs, say) between
 * {@link #next()} calls and still get the same requests from the same seed.
 *
 * <p>The minimum gap decides whether two arrivals may share a nanosecond: with 0 they may (an
 * exponential draw below 1 ns is cut to 0), with 1 they never do. It is a parameter, not a
 * constant, because workloads were drawn both ways and the same seed must keep giving the same
 * arrivals.
 *
 * <p>Not thread-safe: one sequence, drawn on one thread.
 */
public final class Arrivals {

  private final RandomGenerator random;
  private final double meanGapNanos;
  private final long minimumGapNanos;
  private long last;

  private Arrivals(RandomGenerator random, double meanGapNanos, long minimumGapNanos) {
    this.random = random;
    this.meanGapNanos = meanGapNanos;
    this.minimumGapNanos = minimumGapNanos;
  }

  /**
   * A Poisson process of {@code ratePerSecond} arrivals a second on average, whose gaps are at
   * least {@code minimumGapNanos}.
   *
   * @throws IllegalArgumentException if the rate is not positive or the minimum gap is negative
   */
  public static Arrivals poisson(RandomGenerator random, double ratePerSecond, long minimumGapNanos) {
    Objects.requireNonNull(random, "random");
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be > 0 and finite, got " + ratePerSecond);
    }
    if (minimumGapNanos < 0) {
      throw new IllegalArgumentException("minimumGapNanos must be >= 0, got " + minimumGapNanos);
    }
    return new Arrivals(random, 1e9 / ratePerSecond, minimumGapNanos);
  }

  /** The next arrival time, in nanoseconds from 0; draws one gap. */
  public long next() {
    last += Math.max(minimumGapNanos, (long) RandomDraws.exponential(random, meanGapNanos));
    return last;
  }

  /**
   * The next arrivals before {@code untilNanos} (exclusive), ascending. Draws one gap more than it
   * returns: the one that reaches {@code untilNanos}.
   */
  public long[] until(long untilNanos) {
    long[] out = new long[16];
    int n = 0;
    for (long t = next(); t < untilNanos; t = next()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = t;
    }
    return Arrays.copyOf(out, n);
  }
}
