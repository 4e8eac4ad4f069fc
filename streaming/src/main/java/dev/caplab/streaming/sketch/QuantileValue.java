package dev.caplab.streaming.sketch;

import java.math.BigDecimal;

/**
 * One quantile of a {@link PercentileSummary} and its value.
 *
 * <p>Thread-safe: immutable.
 *
 * @param quantile the quantile, between 0.0 and 1.0
 * @param value its value
 */
public record QuantileValue(double quantile, long value) {

  /** The percentile's name: {@code p50}, {@code p99}, {@code p99.9}, {@code p0}, {@code p100}. */
  public String name() {
    return "p" + BigDecimal.valueOf(quantile).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  /** {@code p99=1230}. */
  @Override
  public String toString() {
    return name() + "=" + value;
  }
}
