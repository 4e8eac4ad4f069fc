package dev.caplab.net;

import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Replays observed latencies: each sample is one of {@code samples}, picked uniformly. The array is
 * a private copy made by {@link LatencyModels} (which also checks it is non-empty and every value
 * is in {@code [0, MAX_NANOS]}) and never written after construction, so instances are immutable
 * and thread-safe.
 */
final class EmpiricalLatency implements LatencyModel {

  private final long[] samples;
  private final double mean;

  EmpiricalLatency(long[] samples) {
    this.samples = samples;
    double sum = 0; // double: a long sum of many large samples could overflow
    for (long s : samples) {
      sum += s;
    }
    this.mean = sum / samples.length;
  }

  @Override
  public long sampleNanos(RandomGenerator random) {
    return samples[random.nextInt(samples.length)];
  }

  @Override
  public double meanNanos() {
    return mean;
  }

  @Override
  public String toString() {
    return "empirical(n=" + samples.length + ", mean=" + Durations.human(Math.round(mean)) + ")";
  }
}
