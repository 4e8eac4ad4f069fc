package dev.caplab.streaming.sketch;

import dev.caplab.config.Require;
import java.util.Arrays;

/**
 * The settings of {@link Percentiles}: which quantiles each result reports and the histogram's
 * value precision. Immutable; build with {@link #custom()}, {@link #from} or {@link #ofDefaults()}.
 *
 * <p>With {@code d} significant digits a reported value {@code v} of a true percentile {@code x}
 * satisfies {@code x <= v <= x + x / 10^d}: 1% at the default {@code d = 2}. Memory grows tenfold
 * a digit and with the logarithm of the largest value: at {@code d = 2}, 1.5 KiB for values up to
 * 100, 7.5 KiB up to 10^6, 12.5 KiB up to 10^9; at {@code d = 3}, 44.5 KiB up to 10^6.
 *
 * <p>Thread-safe: immutable. The builder is not thread-safe.
 */
public final class PercentilesConfig {

  /** The default quantiles: the median, p90 and p99. */
  public static final double[] DEFAULT_QUANTILES = {0.5, 0.9, 0.99};
  /** The default precision: 2 significant digits, values within 1%. */
  public static final int DEFAULT_SIGNIFICANT_DIGITS = 2;

  /** The fewest significant digits HdrHistogram keeps. */
  public static final int MIN_SIGNIFICANT_DIGITS = 0;
  /** The most significant digits HdrHistogram keeps. */
  public static final int MAX_SIGNIFICANT_DIGITS = 5;

  private static final PercentilesConfig DEFAULTS = custom().build();

  private final double[] quantiles;
  private final int significantDigits;

  private PercentilesConfig(Builder b) {
    this.quantiles = b.quantiles.clone();
    this.significantDigits = b.significantDigits;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(PercentilesConfig base) {
    Require.notNull(base, "base");
    return new Builder().quantiles(base.quantiles).significantDigits(base.significantDigits);
  }

  /** The defaults: {@link #DEFAULT_QUANTILES}, {@link #DEFAULT_SIGNIFICANT_DIGITS}. */
  public static PercentilesConfig ofDefaults() {
    return DEFAULTS;
  }

  /** The quantiles each result reports, in the order given (a copy). */
  public double[] quantiles() {
    return quantiles.clone();
  }

  double quantile(int i) {
    return quantiles[i];
  }

  int quantileCount() {
    return quantiles.length;
  }

  /** The histogram's significant decimal digits of value precision. */
  public int significantDigits() {
    return significantDigits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PercentilesConfig && Arrays.equals(((PercentilesConfig) o).quantiles, quantiles)
        && ((PercentilesConfig) o).significantDigits == significantDigits;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(quantiles) + significantDigits;
  }

  @Override
  public String toString() {
    return "PercentilesConfig[quantiles=" + Arrays.toString(quantiles) + ", significantDigits="
        + significantDigits + "]";
  }

  /** Builds a {@link PercentilesConfig}. Not thread-safe. */
  public static final class Builder {
    private double[] quantiles = DEFAULT_QUANTILES.clone();
    private int significantDigits = DEFAULT_SIGNIFICANT_DIGITS;

    private Builder() {}

    /**
     * The quantiles to report, each between 0.0 and 1.0 (0.99 is p99; 0 is the minimum, 1 the
     * maximum); at least one.
     */
    public Builder quantiles(double... quantiles) {
      Require.notNull(quantiles, "quantiles");
      Require.requireArgument(quantiles.length > 0, "quantiles must not be empty");
      for (double q : quantiles) {
        Require.between("quantile", q, 0.0, 1.0);
      }
      this.quantiles = quantiles.clone();
      return this;
    }

    /** Significant decimal digits of value precision, between 0 and 5. */
    public Builder significantDigits(int digits) {
      this.significantDigits = Require.between("significantDigits", digits, MIN_SIGNIFICANT_DIGITS,
          MAX_SIGNIFICANT_DIGITS);
      return this;
    }

    /** The configuration. */
    public PercentilesConfig build() {
      return new PercentilesConfig(this);
    }
  }
}
