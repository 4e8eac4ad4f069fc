package dev.caplab.check;

import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link Staleness} measured: each read's staleness and the summaries. Immutable and
 * thread-safe.
 *
 * @param perRead every {@code ok} read, in history order
 * @param staleReads reads with {@code k > 0}
 * @param unexplainedReads reads that returned a value no write wrote (not counted as stale)
 * @param kDistribution number of explained reads per k, in increasing k
 * @param visibility the t-visibility curve at the configured points
 */
public record StalenessResult(
    List<ReadStaleness> perRead,
    long staleReads,
    long unexplainedReads,
    SortedMap<Integer, Long> kDistribution,
    List<VisibilityPoint> visibility) {

  /** Copies the collections. */
  public StalenessResult {
    perRead = List.copyOf(perRead);
    kDistribution = Collections.unmodifiableSortedMap(new TreeMap<>(kDistribution));
    visibility = List.copyOf(visibility);
  }

  /**
   * One read's staleness.
   *
   * @param read the read
   * @param explained whether some write (or the initial value) explains the value it returned
   * @param k how many completed writes it is behind (0 when fresh or unexplained)
   * @param completedWrites how many writes to its key completed before it was invoked
   * @param sinceNewestWrite time from the newest completed write's completion to the read's
   *     invocation; {@code null} if no write completed before it
   */
  public record ReadStaleness(Operation read, boolean explained, int k, int completedWrites,
      Long sinceNewestWrite) {

    /** Whether the read missed at least one completed write. */
    public boolean stale() {
      return k > 0;
    }

    /** For a stale read, its t-visibility (= {@link #sinceNewestWrite}); otherwise {@code null}. */
    public Long tVisibility() {
      return stale() ? sinceNewestWrite : null;
    }
  }

  /**
   * One point of the t-visibility curve.
   *
   * @param tNanos reads that started at least this long after the newest completed write
   * @param reads how many such reads there were
   * @param consistent how many of them returned that write or a newer one
   */
  public record VisibilityPoint(long tNanos, long reads, long consistent) {

    /** {@code consistent / reads}, or {@code null} when no read qualifies. */
    public Double probability() {
      return reads == 0 ? null : (double) consistent / reads;
    }
  }

  /** The number of {@code ok} reads measured. */
  public long reads() {
    return perRead.size();
  }

  /** {@code staleReads / reads}, 0 when there are no reads. */
  public double fractionStale() {
    return perRead.isEmpty() ? 0 : (double) staleReads / perRead.size();
  }

  /** Whether no read was stale or unexplained. */
  public boolean valid() {
    return staleReads == 0 && unexplainedReads == 0;
  }

  /** The largest k seen (0 without stale reads). */
  public int maxK() {
    return kDistribution.isEmpty() ? 0 : kDistribution.lastKey();
  }

  /**
   * A JSON-friendly view ({@code valid} first; k keys as strings; times in nanoseconds): valid,
   * reads, staleReads, fractionStale, unexplainedReads, maxK, kDistribution,
   * tVisibilityNanos (max of the stale reads), visibility ({@code [{tNanos, reads, consistent,
   * probability}]}).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", valid());
    m.put("reads", reads());
    m.put("staleReads", staleReads);
    m.put("fractionStale", Math.round(fractionStale() * 1e6) / 1e6);
    m.put("unexplainedReads", unexplainedReads);
    m.put("maxK", maxK());
    Map<String, Object> k = new LinkedHashMap<>();
    kDistribution.forEach((kk, n) -> k.put(Integer.toString(kk), n));
    m.put("kDistribution", k);
    long maxT = -1;
    for (ReadStaleness r : perRead) {
      if (r.stale()) {
        maxT = Math.max(maxT, r.tVisibility());
      }
    }
    m.put("maxTVisibilityNanos", maxT < 0 ? null : maxT);
    List<Map<String, Object>> curve = new ArrayList<>();
    for (VisibilityPoint p : visibility) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("tNanos", p.tNanos());
      pm.put("reads", p.reads());
      pm.put("consistent", p.consistent());
      pm.put("probability", p.probability());
      curve.add(pm);
    }
    m.put("visibility", curve);
    return m;
  }
}
