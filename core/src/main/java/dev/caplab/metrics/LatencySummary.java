package dev.caplab.metrics;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;

/**
 * The latency figures a report shows (p50, p90, p99, p99.9, max), taken from a
 * {@link LatencyRecorder} at one moment so that they can be compared, stored and printed after the
 * recorder has moved on. All values are nanoseconds; an empty recorder gives all zeros.
 *
 * <p>Immutable and thread-safe.
 *
 * @param count number of recorded latencies, {@code >= 0}
 * @param meanNanos mean latency, {@code >= 0}
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest recorded latency (at the histogram's resolution)
 */
public record LatencySummary(
    long count, double meanNanos, long p50, long p90, long p99, long p999, long max) {

  /** Rejects values no recorder can produce, so a hand-built summary cannot print nonsense. */
  public LatencySummary {
    Require.atLeast("count", count, 0L);
    Require.atLeast("meanNanos", meanNanos, 0.0);
    Require.atLeast("p50", p50, 0L);
    Require.atLeast("p90", p90, 0L);
    Require.atLeast("p99", p99, 0L);
    Require.atLeast("p999", p999, 0L);
    Require.atLeast("max", max, 0L);
  }

  /**
   * One line for people, with {@link Durations#human(long)} units, for example {@code "n=1200
   * p50=4.10ms p90=9.80ms p99=21.3ms p99.9=40.1ms max=52.0ms"}.
   */
  @Override
  public String toString() {
    return "n=" + count
        + " p50=" + Durations.human(p50)
        + " p90=" + Durations.human(p90)
        + " p99=" + Durations.human(p99)
        + " p99.9=" + Durations.human(p999)
        + " max=" + Durations.human(max);
  }
}
