package dev.caplab.net;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.Objects;

/**
 * Factories behind {@link LatencyModel}'s static methods, plus the validation and clamping the
 * implementations share. Every argument is checked here, once, so the model classes can trust
 * their fields and keep {@code sampleNanos} free of checks.
 *
 * <p>Stateless, thread-safe.
 */
final class LatencyModels {

  /**
   * The largest latency a model returns, {@code Long.MAX_VALUE / 4} ns (about 73 years). Heavy
   * tails (Pareto, log-normal) can draw astronomically large values; clamping here leaves
   * headroom so that {@code now + latency} and a few such sums never overflow a {@code long}.
   * Means ({@code meanNanos()}) describe the unclamped distributions.
   */
  static final long MAX_NANOS = Long.MAX_VALUE / 4;

  private static final Duration MAX_DURATION = Duration.ofNanos(MAX_NANOS);

  /** The smallest Pareto scale: 1 ns (a scale of 0 would make every draw 0). */
  private static final Duration MIN_PARETO_SCALE = Duration.ofNanos(1);

  private LatencyModels() {}

  static LatencyModel constant(Duration latency) {
    return new ConstantLatency(nanos("latency", latency));
  }

  static LatencyModel uniform(Duration min, Duration max) {
    long lo = nanos("min", min);
    long hi = nanos("max", Require.atLeast("max", max, min));
    return new UniformLatency(lo, hi);
  }

  static LatencyModel normal(Duration mean, Duration standardDeviation) {
    return new NormalLatency(nanos("mean", mean), nanos("standardDeviation", standardDeviation));
  }

  static LatencyModel exponential(Duration mean) {
    return new ExponentialLatency(nanos("mean", mean));
  }

  static LatencyModel logNormal(Duration median, double sigma) {
    long m = nanos("median", median);
    return new LogNormalLatency(m, Require.atLeast("sigma", Require.finite("sigma", sigma), 0.0));
  }

  static LatencyModel pareto(Duration xm, double alpha) {
    long scale = Require.between("xm", xm, MIN_PARETO_SCALE, MAX_DURATION).toNanos();
    return new ParetoLatency(scale, Require.greaterThan("alpha", Require.finite("alpha", alpha), 0.0));
  }

  static LatencyModel empirical(long... samplesNanos) {
    Objects.requireNonNull(samplesNanos, "samplesNanos");
    Require.requireArgument(samplesNanos.length > 0, "samplesNanos must not be empty, got none");
    long[] copy = samplesNanos.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || copy[i] > MAX_NANOS) { // the name is built only for a bad sample
        Require.between("samplesNanos[" + i + "]", copy[i], 0, MAX_NANOS);
      }
    }
    return new EmpiricalLatency(copy);
  }

  static LatencyModel empirical(org.HdrHistogram.AbstractHistogram histogram) {
    return HistogramLatency.of(Objects.requireNonNull(histogram, "histogram"));
  }

  static LatencyModel shifted(LatencyModel model, Duration extra) {
    return new ShiftedLatency(Objects.requireNonNull(model, "model"), nanos("extra", extra));
  }

  /** {@code duration} in nanoseconds, checked to lie in {@code [0, MAX_NANOS]}. */
  static long nanos(String name, Duration duration) {
    return Require.between(name, duration, Duration.ZERO, MAX_DURATION).toNanos();
  }

  /**
   * Rounds a drawn latency to the nearest nanosecond and clamps it to {@code [0, MAX_NANOS]}
   * (NaN, from e.g. {@code 0 * infinity}, gives 0). Allocation-free.
   */
  static long clamp(double nanos) {
    if (!(nanos > 0)) {
      return 0;
    }
    return nanos >= MAX_NANOS ? MAX_NANOS : Math.round(nanos);
  }
}
