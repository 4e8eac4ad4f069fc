package dev.caplab.examples.scenario;

import dev.caplab.config.Require;
import dev.caplab.sim.RandomDraws;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Workload arrival times for scenarios, drawn up front so every design meets the same load. */
public final class Arrivals {

  private Arrivals() {}

  /**
   * Arrival times of a Poisson process: exponential gaps with mean 1 / rate (at least 1 ns),
   * from time 0 until {@code untilNanos} (exclusive), in nanoseconds.
   */
  public static long[] poisson(RandomGenerator random, double ratePerSecond, long untilNanos) {
    Require.greaterThan("ratePerSecond", ratePerSecond, 0.0);
    long[] out = new long[16];
    int n = 0;
    long t = 0;
    while (true) {
      t += Math.max(1, (long) RandomDraws.exponential(random, 1e9 / ratePerSecond));
      if (t >= untilNanos) {
        return Arrays.copyOf(out, n);
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = t;
    }
  }
}
