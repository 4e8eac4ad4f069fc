package dev.caplab.examples.celebrity;

import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import java.util.List;

/**
 * What one strategy's run measured: likes and their latency, writes sent to the store and their
 * outcomes, reads and their fan-out, the writes each store node took per time bucket, and the final
 * count. Not thread-safe: the simulation thread only.
 */
final class LikeLedger {

  final LatencyRecorder likeLatency = new LatencyRecorder();
  final LatencyRecorder readLatency = new LatencyRecorder();
  final long burstFrom;
  final long burstTo;
  final long bucketNanos;
  /** Replica writes per store node (by index in the store's node list) per bucket. */
  final long[][] replicaWrites;
  final List<NodeId> storeNodes;
  long likes;
  long acknowledged;
  long writesSent;
  long writesAcked;
  long writesAckedInBurst;
  long writesFailed;
  long writesThrottled;
  long retries;
  long reads;
  long readsFailed;
  long shardReads;
  int maxFanout;
  long lost;
  /** The count a quorum read of every shard found after the run, or -1 before it. */
  long finalCount = -1;

  LikeLedger(List<NodeId> storeNodes, long burstFrom, long burstTo, long bucketNanos, long endNanos) {
    this.storeNodes = List.copyOf(storeNodes);
    this.burstFrom = burstFrom;
    this.burstTo = burstTo;
    this.bucketNanos = bucketNanos;
    this.replicaWrites = new long[storeNodes.size()][(int) ((endNanos + bucketNanos - 1) / bucketNanos)];
  }

  void writeSent(long now, List<NodeId> replicas) {
    writesSent++;
    int bucket = (int) (now / bucketNanos);
    for (NodeId r : replicas) {
      int row = storeNodes.indexOf(r);
      if (bucket < replicaWrites[row].length) {
        replicaWrites[row][bucket]++;
      }
    }
  }

  void writeAcked(long now) {
    writesAcked++;
    if (now >= burstFrom && now < burstTo) {
      writesAckedInBurst++;
    }
  }

  void likeAcknowledged(long latencyNanos) {
    acknowledged++;
    likeLatency.record(latencyNanos);
  }

  void read(long latencyNanos, int fanout) {
    reads++;
    shardReads += fanout;
    maxFanout = Math.max(maxFanout, fanout);
    readLatency.record(latencyNanos);
  }

  /** Store writes acknowledged per second of the burst. */
  long acceptedWriteRate() {
    return Math.round(writesAckedInBurst * 1e9 / (burstTo - burstFrom));
  }

  /** The share of write attempts the store throttled. */
  double throttledShare() {
    return writesSent == 0 ? 0 : (double) writesThrottled / writesSent;
  }

  /** Mean keys a read gathered. */
  double meanFanout() {
    return reads == 0 ? 0 : (double) shardReads / reads;
  }
}
