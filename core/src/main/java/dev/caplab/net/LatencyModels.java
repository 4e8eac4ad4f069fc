package dev.caplab.net;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Factories behind {@link LatencyModel}'s static methods, plus the validation, clamping and
 * formatting the implementations share. Every argument is checked here, once, so the model
 * classes can trust their fields and keep {@code sampleNanos} free of checks.
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

  private LatencyModels() {}

  static LatencyModel constant(Duration latency) {
    return new ConstantLatency(nanos("latency", latency));
  }

  static LatencyModel uniform(Duration min, Duration max) {
    long lo = nanos("min", min);
    long hi = nanos("max", max);
    if (lo > hi) {
      throw new IllegalArgumentException(
          "uniform: min must be <= max, got min=" + format(lo) + " max=" + format(hi));
    }
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
    if (!(Double.isFinite(sigma) && sigma >= 0)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
    }
    return new LogNormalLatency(m, sigma);
  }

  static LatencyModel pareto(Duration xm, double alpha) {
    long scale = nanos("xm", xm);
    if (scale <= 0) {
      throw new IllegalArgumentException("xm must be > 0 ns, got " + scale + " ns (" + xm + ")");
    }
    if (!(Double.isFinite(alpha) && alpha > 0)) {
      throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
    }
    return new ParetoLatency(scale, alpha);
  }

  static LatencyModel empirical(long... samplesNanos) {
    Objects.requireNonNull(samplesNanos, "samplesNanos");
    if (samplesNanos.length == 0) {
      throw new IllegalArgumentException("empirical samples must not be empty");
    }
    long[] copy = samplesNanos.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || copy[i] > MAX_NANOS) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "empirical sample[%d] must be %s ns, got %d",
                i,
                copy[i] < 0 ? ">= 0" : "<= " + MAX_NANOS,
                copy[i]));
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

  /**
   * {@code duration} in nanoseconds, checked to lie in {@code [0, MAX_NANOS]}; the message names
   * {@code name}, the bound and the value.
   */
  static long nanos(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          name + " must be >= 0 ns, got " + exactNanos(duration) + " ns (" + duration + ")");
    }
    if (duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          name + " must be <= " + MAX_NANOS + " ns (" + MAX_DURATION + "), got "
              + exactNanos(duration) + " ns (" + duration + ")");
    }
    return duration.toNanos();
  }

  /** Nanoseconds of any duration, even one that overflows a long (error messages only). */
  private static BigInteger exactNanos(Duration d) {
    return BigInteger.valueOf(d.getSeconds())
        .multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(d.getNano()));
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

  /** A person-readable duration for {@code toString}: "235us", "1.5ms", "2s", "+inf". */
  static String format(double nanos) {
    if (Double.isInfinite(nanos)) {
      return nanos > 0 ? "+inf" : "-inf";
    }
    double abs = Math.abs(nanos);
    if (abs < 1e3) {
      return trim(nanos) + "ns";
    } else if (abs < 1e6) {
      return trim(nanos / 1e3) + "us";
    } else if (abs < 1e9) {
      return trim(nanos / 1e6) + "ms";
    }
    return trim(nanos / 1e9) + "s";
  }

  /** {@code value} with at most three decimals, trailing zeros dropped: "8.78", "235", "0.5". */
  static String trim(double value) {
    String s = String.format(Locale.ROOT, "%.3f", value);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
