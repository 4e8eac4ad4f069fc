package dev.caplab.metrics;

import dev.caplab.config.Require;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Collects latencies in nanoseconds (simulated or real) into an HdrHistogram, because reports
 * need tail percentiles (p99, p99.9) over millions of samples, which an average or a sample list
 * cannot give in constant memory.
 *
 * <p>The histogram keeps three significant digits and resizes itself, so any
 * value from 0 to {@link Long#MAX_VALUE} fits without configuring a range. Percentiles, {@link
 * #min()} and {@link #max()} are therefore exact only to that precision: a reported value is within
 * 0.1% of a recorded one (HdrHistogram reports the highest value equivalent to the bucket, the lowest
 * for the minimum). An empty recorder reports a count, mean and every percentile of 0.
 *
 * <p>Not thread-safe: it is meant for the single simulation thread, or one thread of embedded code.
 * To record concurrently in embedded code, record into HdrHistogram's {@code Recorder} (which also
 * swaps interval histograms without blocking writers) and {@link #add(org.HdrHistogram.AbstractHistogram)
 * add} its interval histograms here from one reader thread.
 */
public final class LatencyRecorder {

  /** Three digits resolve 1 ms to the microsecond and 1 s to the millisecond: enough for reports. */
  private static final int SIGNIFICANT_DIGITS = 3;

  private static final double MIN_PERCENTILE = 0.0;
  private static final double MAX_PERCENTILE = 100.0;

  private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);

  /** Creates an empty recorder. */
  public LatencyRecorder() {}

  /**
   * Records one latency.
   *
   * @throws IllegalArgumentException if {@code nanos} is negative (a clock used backwards)
   */
  public void record(long nanos) {
    histogram.recordValue(Require.atLeast("nanos", nanos, 0L));
  }

  /** Number of recorded latencies. */
  public long count() {
    return histogram.getTotalCount();
  }

  /** Mean latency in nanoseconds, 0 when empty. */
  public double mean() {
    return count() == 0 ? 0.0 : histogram.getMean();
  }

  /**
   * The latency at or below which {@code p} percent of the recorded latencies fall, in
   * nanoseconds; 0 when empty.
   *
   * @throws IllegalArgumentException if {@code p} is not between 0 and 100 (inclusive) or is NaN
   */
  public long percentile(double p) {
    Require.between("p", p, MIN_PERCENTILE, MAX_PERCENTILE);
    return count() == 0 ? 0L : histogram.getValueAtPercentile(p);
  }

  /** The median in nanoseconds. */
  public long p50() {
    return percentile(50.0);
  }

  /** The 90th percentile in nanoseconds. */
  public long p90() {
    return percentile(90.0);
  }

  /** The 99th percentile in nanoseconds. */
  public long p99() {
    return percentile(99.0);
  }

  /** The 99.9th percentile in nanoseconds. */
  public long p999() {
    return percentile(99.9);
  }

  /** The largest recorded latency in nanoseconds (to histogram precision), 0 when empty. */
  public long max() {
    return count() == 0 ? 0L : histogram.getMaxValue();
  }

  /** The smallest recorded latency in nanoseconds (to histogram precision), 0 when empty. */
  public long min() {
    return count() == 0 ? 0L : histogram.getMinValue();
  }

  /** The report figures as of now; later recording does not change the returned summary. */
  public LatencySummary summary() {
    return new LatencySummary(count(), mean(), p50(), p90(), p99(), p999(), max());
  }

  /** Forgets everything recorded, for example between a warm-up and the measured phase. */
  public void reset() {
    histogram.reset();
  }

  /**
   * Adds everything {@code other} recorded to this recorder (for example per-node recorders into a
   * cluster-wide one); {@code other} is unchanged. Merging a recorder into itself doubles it.
   */
  public void merge(LatencyRecorder other) {
    Objects.requireNonNull(other, "other");
    histogram.add(other == this ? histogram.copy() : other.histogram);
  }

  /**
   * Adds the counts of a nanosecond histogram recorded elsewhere, such as an interval histogram
   * taken from HdrHistogram's {@code Recorder} in concurrent embedded code.
   */
  public void add(org.HdrHistogram.AbstractHistogram nanosHistogram) {
    Objects.requireNonNull(nanosHistogram, "nanosHistogram");
    histogram.add(nanosHistogram);
  }

  /**
   * A copy of the underlying histogram, for exports and for building an empirical latency model;
   * changing it does not affect this recorder.
   */
  public Histogram histogram() {
    return histogram.copy();
  }

  @Override
  public String toString() {
    return "LatencyRecorder[" + summary() + "]";
  }
}
