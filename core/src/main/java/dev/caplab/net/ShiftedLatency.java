package dev.caplab.net;

import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * {@code model} plus a fixed {@code extra} delay (a WAN hop, a serialisation cost). The sum
 * saturates at {@link LatencyModels#MAX_NANOS}, even for a foreign model that returns a larger
 * value. Immutable, thread-safe; built (and validated) by {@link LatencyModels}.
 */
record ShiftedLatency(LatencyModel model, long extra) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    long base = model.sampleNanos(random);
    return base >= LatencyModels.MAX_NANOS - extra ? LatencyModels.MAX_NANOS : base + extra;
  }

  @Override
  public double meanNanos() {
    return model.meanNanos() + extra;
  }

  @Override
  public String toString() {
    return model + " + " + Durations.exact(extra);
  }
}
