package dev.caplab.net;

import dev.caplab.time.Durations;
/** Always {@code nanos}. Immutable, thread-safe; built (and validated) by {@link LatencyModels}. */
record ConstantLatency(long nanos) implements LatencyModel {

  @Override
  public long sampleNanos(java.util.random.RandomGenerator random) {
    return nanos;
  }

  @Override
  public double meanNanos() {
    return nanos;
  }

  @Override
  public String toString() {
    return "constant(" + Durations.exact(nanos) + ")";
  }
}
