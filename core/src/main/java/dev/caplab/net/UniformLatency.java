package dev.caplab.net;

import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Uniform over the whole nanoseconds {@code min..max}, both inclusive; an integer draw, so no
 * rounding bias at the ends. Immutable, thread-safe; built (and validated) by {@link
 * LatencyModels}, which guarantees {@code 0 <= min <= max <= MAX_NANOS} (so {@code max - min + 1}
 * cannot overflow).
 */
record UniformLatency(long min, long max) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    return min + random.nextLong(max - min + 1);
  }

  @Override
  public double meanNanos() {
    return (min + (double) max) / 2;
  }

  @Override
  public String toString() {
    return "uniform(" + Durations.exact(min) + ".." + Durations.exact(max) + ")";
  }
}
