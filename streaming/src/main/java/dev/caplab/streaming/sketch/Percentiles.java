package dev.caplab.streaming.sketch;

import dev.caplab.config.Require;
import dev.caplab.streaming.window.AggregateFunction;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Percentiles of a window's non-negative {@code long} values, from an HdrHistogram: the configured
 * quantiles (p50, p90, p99 by default) within the histogram's value precision.
 *
 * <p>HdrHistogram rather than a KLL sketch: its merge is exact (adding two histograms gives the
 * histogram of both windows' values, so session merges and any combination of windows keep the
 * guarantee unchanged), its error is on the value ({@code d} significant digits), which keeps p99
 * and p99.9 as precise as the median, and it is deterministic. DataSketches' KLL sketch compacts
 * with a process-wide unseeded {@code java.util.Random}, so the same stream gives different answers
 * in two runs, which the simulation does not allow. The price: values must be non-negative, and
 * memory grows with the logarithm of the largest value (see {@link PercentilesConfig}).
 *
 * <p>Percentiles are nearest-rank: quantile {@code q} of {@code n} values is the value whose rank
 * is {@code max(1, ceil(q * n))} in sorted order (quantile 0 the minimum, 1 the maximum).
 *
 * <p>Thread-safe: the function is stateless; an accumulator is not thread-safe and belongs to the
 * one window (and thread) that updates it.
 */
public final class Percentiles implements AggregateFunction<Long, IntCountsHistogram, PercentileSummary> {

  private final PercentilesConfig config;

  /** Percentiles with {@code config}'s quantiles and precision. */
  public Percentiles(PercentilesConfig config) {
    this.config = Require.notNull(config, "config");
  }

  /** The configuration. */
  public PercentilesConfig config() {
    return config;
  }

  /**
   * An empty histogram that resizes to any non-negative value, with 4-byte counts (half the memory of
   * HdrHistogram's default; a window may hold up to 2^31 - 1 equal values).
   */
  @Override
  public IntCountsHistogram createAccumulator() {
    return new IntCountsHistogram(config.significantDigits());
  }

  /** Records {@code value}, which must be {@code >= 0}. */
  @Override
  public IntCountsHistogram add(Long value, IntCountsHistogram accumulator) {
    long v = Require.notNull(value, "value");
    accumulator.recordValue(Require.atLeast("value", v, 0L));
    return accumulator;
  }

  @Override
  public PercentileSummary getResult(IntCountsHistogram h) {
    List<QuantileValue> values = new ArrayList<>(config.quantileCount());
    for (int i = 0; i < config.quantileCount(); i++) {
      double q = config.quantile(i);
      values.add(new QuantileValue(q, h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q * 100)));
    }
    return new PercentileSummary(h.getTotalCount(), h.getMinValue(), h.getMaxValue(), values,
        config.significantDigits());
  }

  /** Adds {@code b}'s counts to {@code a} and returns {@code a}; {@code b} is left as it was. */
  @Override
  public IntCountsHistogram merge(IntCountsHistogram a, IntCountsHistogram b) {
    a.add(b);
    return a;
  }
}
