package dev.caplab.replication.quorum;

import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.metrics.RecordingTimer;
import dev.caplab.net.NodeId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coordinator-side measurements of one quorum store, added up over its nodes as of the moment it
 * was taken: read and write latency (request arrival at the coordinator to its answer, simulated
 * nanoseconds, successful requests only) and counters of outcomes and background repair. Each
 * node reports its own through its context's meter registry (tagged {@code node}), across
 * crashes; {@link QuorumCluster#metrics()} takes the sum. Throttling figures ({@link
 * PartitionCapacity}) count coordinator answers, replica refusals and splits, and, from the
 * clients, attempts, throttles received, retries and give-ups.
 *
 * <p>Immutable snapshot; the latency recorders are copies.
 */
public final class QuorumMetrics {

  private final LatencyRecorder readLatency;
  private final LatencyRecorder writeLatency;
  private final long reads;
  private final long writes;
  private final long readsUnavailable;
  private final long writesUnavailable;
  private final long repairsSent;
  private final long writeBacksSent;
  private final long hintsStored;
  private final long hintsReplayed;
  private final long hintsDropped;
  private final long antiEntropyExchanges;
  private final long antiEntropyKeysSent;
  private final long readsThrottled;
  private final long writesThrottled;
  private final long replicaReadThrottles;
  private final long replicaWriteThrottles;
  private final long partitionSplits;
  private final long clientReadAttempts;
  private final long clientWriteAttempts;
  private final long clientReadsThrottled;
  private final long clientWritesThrottled;
  private final long clientRetries;
  private final long clientReadGiveUps;
  private final long clientWriteGiveUps;

  private QuorumMetrics(MeterRegistry registry, List<NodeId> nodes, List<NodeId> clients) {
    List<Timer> readTimers = new ArrayList<>();
    List<Timer> writeTimers = new ArrayList<>();
    for (NodeId n : nodes) {
      readTimers.addAll(registry.find(QuorumMeters.LATENCY).tag(QuorumMeters.NODE, n.name()).tag("op", "read").timers());
      writeTimers.addAll(registry.find(QuorumMeters.LATENCY).tag(QuorumMeters.NODE, n.name()).tag("op", "write").timers());
    }
    this.readLatency = RecordingTimer.merged(readTimers);
    this.writeLatency = RecordingTimer.merged(writeTimers);
    this.reads = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "read", "outcome", "ok");
    this.writes = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "write", "outcome", "ok");
    this.readsUnavailable = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "read", "outcome", "unavailable");
    this.writesUnavailable = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "write", "outcome", "unavailable");
    this.repairsSent = sum(registry, nodes, QuorumMeters.REPAIRS);
    this.writeBacksSent = sum(registry, nodes, QuorumMeters.WRITE_BACKS);
    this.hintsStored = sum(registry, nodes, QuorumMeters.HINTS, "event", "stored");
    this.hintsReplayed = sum(registry, nodes, QuorumMeters.HINTS, "event", "replayed");
    this.hintsDropped = sum(registry, nodes, QuorumMeters.HINTS, "event", "dropped");
    this.antiEntropyExchanges = sum(registry, nodes, QuorumMeters.ANTI_ENTROPY_EXCHANGES);
    this.antiEntropyKeysSent = sum(registry, nodes, QuorumMeters.ANTI_ENTROPY_KEYS);
    this.readsThrottled = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "read", "outcome", "throttled");
    this.writesThrottled = sum(registry, nodes, QuorumMeters.REQUESTS, "op", "write", "outcome", "throttled");
    this.replicaReadThrottles = sum(registry, nodes, QuorumMeters.REPLICA_THROTTLES, "op", "read");
    this.replicaWriteThrottles = sum(registry, nodes, QuorumMeters.REPLICA_THROTTLES, "op", "write");
    this.partitionSplits = sum(registry, nodes, QuorumMeters.PARTITION_SPLITS);
    this.clientReadAttempts = sum(registry, clients, ClientMeters.ATTEMPTS, "op", "read");
    this.clientWriteAttempts = sum(registry, clients, ClientMeters.ATTEMPTS, "op", "write");
    this.clientReadsThrottled = sum(registry, clients, ClientMeters.THROTTLED, "op", "read");
    this.clientWritesThrottled = sum(registry, clients, ClientMeters.THROTTLED, "op", "write");
    this.clientRetries = sum(registry, clients, ClientMeters.RETRIES);
    this.clientReadGiveUps = sum(registry, clients, ClientMeters.GIVE_UPS, "op", "read");
    this.clientWriteGiveUps = sum(registry, clients, ClientMeters.GIVE_UPS, "op", "write");
  }

  /** The total of the counters named {@code name} with the given tags, over {@code nodes}. */
  private static long sum(MeterRegistry registry, List<NodeId> nodes, String name, String... tags) {
    long total = 0;
    for (NodeId n : nodes) {
      for (Counter c : registry.find(name).tag(QuorumMeters.NODE, n.name()).tags(tags).counters()) {
        total += (long) c.count();
      }
    }
    return total;
  }

  /** The sum over {@code nodes} of what they reported to {@code registry} (a simulated one). */
  static QuorumMetrics of(MeterRegistry registry, List<NodeId> nodes) {
    return new QuorumMetrics(registry, nodes, List.of());
  }

  /** The sum over store {@code nodes} and {@code clients} of what they reported to {@code registry}. */
  static QuorumMetrics of(MeterRegistry registry, List<NodeId> nodes, List<NodeId> clients) {
    return new QuorumMetrics(registry, nodes, clients);
  }

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

  /** Reads coordinators answered {@link Throttled} (each attempt counts). */
  public long readsThrottled() {
    return readsThrottled;
  }

  /** Writes coordinators answered {@link Throttled} (each attempt counts). */
  public long writesThrottled() {
    return writesThrottled;
  }

  /** Read requests replicas refused for their partition's limit. */
  public long replicaReadThrottles() {
    return replicaReadThrottles;
  }

  /** Write requests replicas refused for their partition's limit. */
  public long replicaWriteThrottles() {
    return replicaWriteThrottles;
  }

  /** Partition splits for heat that took effect (each decided by the partition's primary). */
  public long partitionSplits() {
    return partitionSplits;
  }

  /** Reads clients sent to coordinators, retries included. */
  public long clientReadAttempts() {
    return clientReadAttempts;
  }

  /** Writes clients sent to coordinators, retries included. */
  public long clientWriteAttempts() {
    return clientWriteAttempts;
  }

  /** {@link Throttled} answers clients received for reads. */
  public long clientReadsThrottled() {
    return clientReadsThrottled;
  }

  /** {@link Throttled} answers clients received for writes. */
  public long clientWritesThrottled() {
    return clientWritesThrottled;
  }

  /** Attempts clients made after a throttle, reads and writes. */
  public long clientRetries() {
    return clientRetries;
  }

  /** Reads still throttled on their last attempt: the caller got {@link Throttled}. */
  public long clientReadGiveUps() {
    return clientReadGiveUps;
  }

  /** Writes still throttled on their last attempt: the caller got {@link Throttled}. */
  public long clientWriteGiveUps() {
    return clientWriteGiveUps;
  }

  @Override
  public String toString() {
    return "QuorumMetrics{reads=" + reads + ", writes=" + writes + ", readsUnavailable=" + readsUnavailable
        + ", writesUnavailable=" + writesUnavailable + ", repairs=" + repairsSent + ", writeBacks=" + writeBacksSent
        + ", hints=" + hintsStored + "/" + hintsReplayed + "/" + hintsDropped + " (stored/replayed/dropped)"
        + ", antiEntropy=" + antiEntropyExchanges + " exchanges, " + antiEntropyKeysSent + " keys"
        + throttling() + ", read " + readLatency.summary() + ", write " + writeLatency.summary() + "}";
  }

  /** The throttling figures, or nothing for a store that throttled nothing (so its text is as before). */
  private String throttling() {
    if (replicaReadThrottles + replicaWriteThrottles + partitionSplits + clientRetries == 0) {
      return "";
    }
    return ", throttled " + readsThrottled + "/" + writesThrottled + " (read/write), replica throttles "
        + replicaReadThrottles + "/" + replicaWriteThrottles + ", splits " + partitionSplits + ", client attempts "
        + clientReadAttempts + "/" + clientWriteAttempts + ", retries " + clientRetries + ", give-ups "
        + clientReadGiveUps + "/" + clientWriteGiveUps;
  }
}
