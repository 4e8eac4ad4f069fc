package dev.caplab.net;

import dev.caplab.sim.RandomDraws;
import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Exponential with the given mean (rate {@code 1 / mean}), by inverse CDF: {@code -mean * ln(U)}
 * with {@code U} in (0, 1], so the logarithm is always finite. A mean of 0 degenerates to a
 * constant 0. Immutable, thread-safe; built (and validated) by {@link LatencyModels}.
 */
record ExponentialLatency(long mean) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    return LatencyModels.clamp(RandomDraws.exponential(random, mean));
  }

  @Override
  public double meanNanos() {
    return mean;
  }

  @Override
  public String toString() {
    return "exponential(mean=" + Durations.exact(mean) + ")";
  }
}
