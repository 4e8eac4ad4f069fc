package dev.caplab.streaming.sketch;

import dev.caplab.config.Require;
import java.util.Objects;

/**
 * The settings of a {@link DistinctCount}: the HyperLogLog sketch's size and the confidence of the
 * bounds each result carries. Immutable; build with {@link #custom()}, {@link #from} or {@link
 * #ofDefaults()}.
 *
 * <p>The sketch keeps {@code 2^lgK} registers of 4 bits; its relative standard error is about
 * {@code 1.04 / sqrt(2^lgK)} (1.6% at the default {@code lgK = 12}, 2 KiB of registers), and it is
 * close to exact while fewer than about {@code 2^lgK / 8} distinct values have been seen.
 *
 * <p>Thread-safe: immutable. The builder is not thread-safe.
 */
public final class DistinctCountConfig {

  /** The default {@code lgK}: 4,096 registers, as DataSketches' own default. */
  public static final int DEFAULT_LG_K = 12;
  /** The default width of the bounds, in standard deviations: 2, about 95.4% confidence. */
  public static final int DEFAULT_CONFIDENCE_STD_DEVS = 2;

  /** The smallest {@code lgK} DataSketches' HyperLogLog accepts. */
  public static final int MIN_LG_K = 4;
  /** The largest {@code lgK} DataSketches' HyperLogLog accepts. */
  public static final int MAX_LG_K = 21;
  /** The narrowest bounds DataSketches computes, in standard deviations. */
  public static final int MIN_CONFIDENCE_STD_DEVS = 1;
  /** The widest bounds DataSketches computes, in standard deviations. */
  public static final int MAX_CONFIDENCE_STD_DEVS = 3;

  private static final DistinctCountConfig DEFAULTS = custom().build();

  private final int lgK;
  private final int confidenceStdDevs;

  private DistinctCountConfig(Builder b) {
    this.lgK = b.lgK;
    this.confidenceStdDevs = b.confidenceStdDevs;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(DistinctCountConfig base) {
    Require.notNull(base, "base");
    return new Builder().lgK(base.lgK).confidenceStdDevs(base.confidenceStdDevs);
  }

  /** The defaults: {@link #DEFAULT_LG_K}, {@link #DEFAULT_CONFIDENCE_STD_DEVS}. */
  public static DistinctCountConfig ofDefaults() {
    return DEFAULTS;
  }

  /** The base-2 logarithm of the sketch's number of registers. */
  public int lgK() {
    return lgK;
  }

  /** The width of the bounds, in standard deviations (1, 2 or 3). */
  public int confidenceStdDevs() {
    return confidenceStdDevs;
  }

  /**
   * The confidence of bounds {@code stdDevs} standard deviations wide, as DataSketches states it:
   * 0.6827, 0.9545 or 0.9973 (the normal distribution's).
   */
  public static double confidence(int stdDevs) {
    Require.between("confidenceStdDevs", stdDevs, MIN_CONFIDENCE_STD_DEVS, MAX_CONFIDENCE_STD_DEVS);
    return stdDevs == 1 ? 0.6827 : stdDevs == 2 ? 0.9545 : 0.9973;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DistinctCountConfig && ((DistinctCountConfig) o).lgK == lgK
        && ((DistinctCountConfig) o).confidenceStdDevs == confidenceStdDevs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(lgK, confidenceStdDevs);
  }

  @Override
  public String toString() {
    return "DistinctCountConfig[lgK=" + lgK + ", confidenceStdDevs=" + confidenceStdDevs + "]";
  }

  /** Builds a {@link DistinctCountConfig}. Not thread-safe. */
  public static final class Builder {
    private int lgK = DEFAULT_LG_K;
    private int confidenceStdDevs = DEFAULT_CONFIDENCE_STD_DEVS;

    private Builder() {}

    /** The base-2 logarithm of the number of registers, between {@value #MIN_LG_K} and {@value #MAX_LG_K}. */
    public Builder lgK(int lgK) {
      this.lgK = Require.between("lgK", lgK, MIN_LG_K, MAX_LG_K);
      return this;
    }

    /** The width of the bounds in standard deviations, between 1 and 3. */
    public Builder confidenceStdDevs(int stdDevs) {
      this.confidenceStdDevs = Require.between("confidenceStdDevs", stdDevs, MIN_CONFIDENCE_STD_DEVS,
          MAX_CONFIDENCE_STD_DEVS);
      return this;
    }

    /** The configuration. */
    public DistinctCountConfig build() {
      return new DistinctCountConfig(this);
    }
  }
}
