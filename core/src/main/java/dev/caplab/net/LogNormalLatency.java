package dev.caplab.net;

import dev.caplab.sim.RandomDraws;
import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Log-normal, {@code median * exp(sigma * Z)} for a standard normal {@code Z}: parameterised by
 * the median because that is what one reads off a latency plot. Mean {@code median *
 * exp(sigma^2 / 2)}. Immutable, thread-safe; built (and validated) by {@link LatencyModels}.
 */
record LogNormalLatency(long median, double sigma) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    return LatencyModels.clamp(median * StrictMath.exp(sigma * RandomDraws.gaussian(random)));
  }

  @Override
  public double meanNanos() {
    return median * StrictMath.exp(sigma * sigma / 2);
  }

  @Override
  public String toString() {
    return "logNormal(median=" + Durations.exact(median) + ", sigma=" + sigma + ")";
  }
}
