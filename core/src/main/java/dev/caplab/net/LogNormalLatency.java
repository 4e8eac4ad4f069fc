package dev.caplab.net;

import java.util.random.RandomGenerator;

/**
 * Log-normal, {@code median * exp(sigma * Z)} for a standard normal {@code Z}: parameterised by
 * the median because that is what one reads off a latency plot. Mean {@code median *
 * exp(sigma^2 / 2)}. Immutable, thread-safe; built (and validated) by {@link LatencyModels}.
 */
record LogNormalLatency(long median, double sigma) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    return LatencyModels.clamp(median * Math.exp(sigma * random.nextGaussian()));
  }

  @Override
  public double meanNanos() {
    return median * Math.exp(sigma * sigma / 2);
  }

  @Override
  public String toString() {
    return "logNormal(median=" + LatencyModels.format(median) + ", sigma=" + sigma + ")";
  }
}
