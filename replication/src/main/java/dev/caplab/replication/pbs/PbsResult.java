package dev.caplab.replication.pbs;

import dev.caplab.replication.quorum.FanOut;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PbsExperiment} measured: one {@link Row} per read delay t. Immutable and
 * thread-safe.
 *
 * @param profile the latency profile's name
 * @param n replication factor N
 * @param r read replicas R
 * @param w write replicas W
 * @param nodes store nodes in the cluster
 * @param fanOut ALL (send to N, wait for R/W) or QUORUM_ONLY (send to R/W)
 * @param readCoordinator where each trial's read went
 * @param seed the simulation's master seed
 * @param rows one row per t, in the order given
 * @param visibility every trial's visibility window, over all rows: P(consistent) at any t, and
 *     the t-visibility at any probability
 * @param traceHash the simulation's trace hash: the same settings and seed give the same hash
 * @param simulatedNanos virtual time the run covered
 */
public record PbsResult(String profile, int n, int r, int w, int nodes, FanOut fanOut, ReadCoordinator readCoordinator,
    long seed, List<Row> rows, VisibilityWindows visibility, long traceHash, long simulatedNanos) {

  public PbsResult {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(fanOut, "fanOut");
    Objects.requireNonNull(readCoordinator, "readCoordinator");
    rows = List.copyOf(rows);
    Objects.requireNonNull(visibility, "visibility");
  }

  /**
   * The trials of one read delay.
   *
   * @param tMillis how long after the write committed the read started, in ms
   * @param trials completed trials (a write and its read)
   * @param consistent reads that returned the committed value
   * @param failed trials whose write or read timed out (counted as not consistent; expected 0)
   * @param readP50Millis median read latency at the coordinator
   * @param readP999Millis 99.9th percentile read latency
   * @param writeP50Millis median write latency (start to commit) at the coordinator
   * @param writeP999Millis 99.9th percentile write latency
   */
  public record Row(double tMillis, long trials, long consistent, long failed, double readP50Millis,
      double readP999Millis, double writeP50Millis, double writeP999Millis) {

    /** The fraction of reads that returned the committed value. */
    public double pConsistent() {
      return trials == 0 ? Double.NaN : consistent / (double) trials;
    }

    /** One standard error of {@link #pConsistent()} (binomial). */
    public double standardError() {
      double p = pConsistent();
      return Math.sqrt(p * (1 - p) / trials);
    }
  }
}
