package dev.caplab.streaming.sketch;

import dev.caplab.config.Require;
import java.util.List;

/**
 * A window's percentiles from an HdrHistogram: the count, the exact-to-precision minimum and
 * maximum, and one value per configured quantile. Each value {@code v} of a true (nearest-rank)
 * percentile {@code x} satisfies {@code x <= v <= x + x / 10^significantDigits}: HdrHistogram reports
 * the highest value equivalent to the true one at that precision (for quantile 0, the minimum, the
 * lowest: {@code x - x / 10^significantDigits <= v <= x}).
 *
 * <p>Thread-safe: immutable.
 *
 * @param count the number of values
 * @param min the smallest value, to the histogram's precision (its lowest equivalent value)
 * @param max the largest value, to the histogram's precision (its highest equivalent value)
 * @param quantiles the quantiles and their values, in the configured order
 * @param significantDigits the histogram's value precision
 */
public record PercentileSummary(long count, long min, long max, List<QuantileValue> quantiles,
    int significantDigits) {

  /** Copies the list. */
  public PercentileSummary {
    quantiles = List.copyOf(quantiles);
  }

  /** The value of quantile {@code q}, which must be one of the configured quantiles. */
  public long valueAt(double q) {
    for (QuantileValue v : quantiles) {
      if (v.quantile() == q) {
        return v.value();
      }
    }
    Require.requireArgument(false, "quantile must be one of the configured %s, got %s",
        quantiles.stream().map(QuantileValue::quantile).toList(), q);
    return 0; // not reached
  }

  /** {@code count=…,p50=…,p90=…,p99=…}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("count=").append(count);
    for (QuantileValue v : quantiles) {
      b.append(',').append(v);
    }
    return b.toString();
  }
}
