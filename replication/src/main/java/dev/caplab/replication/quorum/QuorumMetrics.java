package dev.caplab.replication.quorum;

import dev.caplab.metrics.LatencyRecorder;

/**
 * Coordinator-side measurements of one quorum store, shared by all its nodes and kept across
 * crashes: read and write latency (request arrival at the coordinator to its answer, simulated
 * nanoseconds, successful requests only) and counters of outcomes and background repair.
 *
 * <p>Not thread-safe: updated on the simulation thread.
 */
public final class QuorumMetrics {

  private final LatencyRecorder readLatency = new LatencyRecorder();
  private final LatencyRecorder writeLatency = new LatencyRecorder();
  long reads;
  long writes;
  long readsUnavailable;
  long writesUnavailable;
  long repairsSent;
  long writeBacksSent;
  long hintsStored;
  long hintsReplayed;
  long hintsDropped;
  long antiEntropyExchanges;
  long antiEntropyKeysSent;

  /** Latency of successful reads at their coordinators. */
  public LatencyRecorder readLatency() {
    return readLatency;
  }

  /** Latency of successful writes at their coordinators. */
  public LatencyRecorder writeLatency() {
    return writeLatency;
  }

  /** Successful reads. */
  public long reads() {
    return reads;
  }

  /** Successful writes. */
  public long writes() {
    return writes;
  }

  /** Reads that ended {@link Unavailable}. */
  public long readsUnavailable() {
    return readsUnavailable;
  }

  /** Writes that ended {@link Unavailable}. */
  public long writesUnavailable() {
    return writesUnavailable;
  }

  /** Read-repair writes sent to stale replicas. */
  public long repairsSent() {
    return repairsSent;
  }

  /** ABD write-back messages sent. */
  public long writeBacksSent() {
    return writeBacksSent;
  }

  /** Hints stored on fallback nodes (or coordinators, for ANY). */
  public long hintsStored() {
    return hintsStored;
  }

  /** Hints delivered to their owners. */
  public long hintsReplayed() {
    return hintsReplayed;
  }

  /** Hints dropped because they outlived the hint window. */
  public long hintsDropped() {
    return hintsDropped;
  }

  /** Merkle exchanges started. */
  public long antiEntropyExchanges() {
    return antiEntropyExchanges;
  }

  /** Key states sent by anti-entropy after a Merkle descent found differing leaves. */
  public long antiEntropyKeysSent() {
    return antiEntropyKeysSent;
  }

  @Override
  public String toString() {
    return "QuorumMetrics{reads=" + reads + ", writes=" + writes + ", readsUnavailable=" + readsUnavailable
        + ", writesUnavailable=" + writesUnavailable + ", repairs=" + repairsSent + ", writeBacks=" + writeBacksSent
        + ", hints=" + hintsStored + "/" + hintsReplayed + "/" + hintsDropped + " (stored/replayed/dropped)"
        + ", antiEntropy=" + antiEntropyExchanges + " exchanges, " + antiEntropyKeysSent + " keys"
        + ", read " + readLatency.summary() + ", write " + writeLatency.summary() + "}";
  }
}
