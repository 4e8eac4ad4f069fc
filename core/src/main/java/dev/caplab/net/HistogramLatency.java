package dev.caplab.net;

import dev.caplab.time.Durations;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Samples the distribution recorded in an HdrHistogram of nanosecond values. The histogram is read
 * once, at construction, into two arrays: the distinct recorded values and the running count up to
 * each; a sample picks a uniform rank in {@code [1, total]} and binary-searches the first value
 * whose running count reaches it. So sampling costs O(log buckets), allocates nothing, and later
 * changes to the (mutable, not thread-safe) histogram do not affect the model.
 *
 * <p>Each bucket is represented by its median-equivalent value, the same representative {@link
 * AbstractHistogram#getMean()} uses, so samples agree with the source within its precision.
 * Values above {@link LatencyModels#MAX_NANOS} are clamped to it.
 *
 * <p>Immutable, thread-safe.
 */
final class HistogramLatency implements LatencyModel {

  private final long[] values;
  private final long[] cumulativeCounts;
  private final double mean;

  private HistogramLatency(long[] values, long[] cumulativeCounts, double mean) {
    this.values = values;
    this.cumulativeCounts = cumulativeCounts;
    this.mean = mean;
  }

  static HistogramLatency of(AbstractHistogram histogram) {
    long[] values = new long[16];
    long[] cumulative = new long[16];
    int n = 0;
    long total = 0;
    double sum = 0;
    for (HistogramIterationValue v : histogram.recordedValues()) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
        cumulative = Arrays.copyOf(cumulative, 2 * n);
      }
      long value =
          Math.min(histogram.medianEquivalentValue(v.getValueIteratedTo()), LatencyModels.MAX_NANOS);
      long count = v.getCountAtValueIteratedTo();
      total += count;
      sum += (double) value * count;
      values[n] = value;
      cumulative[n] = total;
      n++;
    }
    if (total == 0) {
      throw new IllegalArgumentException("histogram must not be empty");
    }
    return new HistogramLatency(
        Arrays.copyOf(values, n), Arrays.copyOf(cumulative, n), sum / total);
  }

  @Override
  public long sampleNanos(RandomGenerator random) {
    long rank = 1 + random.nextLong(cumulativeCounts[cumulativeCounts.length - 1]);
    int lo = 0;
    int hi = cumulativeCounts.length - 1;
    while (lo < hi) { // first index whose running count is >= rank
      int mid = (lo + hi) >>> 1;
      if (cumulativeCounts[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values[lo];
  }

  @Override
  public double meanNanos() {
    return mean;
  }

  @Override
  public String toString() {
    return "empirical(histogram, n=" + cumulativeCounts[cumulativeCounts.length - 1]
        + ", buckets=" + values.length + ", range=" + Durations.exact(values[0]) + ".."
        + Durations.exact(values[values.length - 1]) + ", mean="
        + Durations.human(Math.round(mean)) + ")";
  }
}
