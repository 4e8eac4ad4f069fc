package dev.caplab.examples.celebrity;

import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.replication.ring.RingHash;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one strategy's run measured: likes and their latency, writes sent to the store and their
 * outcomes, reads and their fan-out, the writes each partition took per time bucket, and the final
 * count. A partition is the store's: the ring range that ends at the first token at or after a
 * key's hash. Not thread-safe: the simulation thread only.
 */
final class LikeLedger {

  final LatencyRecorder likeLatency = new LatencyRecorder();
  final LatencyRecorder readLatency = new LatencyRecorder();
  final long burstFrom;
  final long burstTo;
  final long bucketNanos;
  /** The ring's tokens, ascending: partition i ends at tokens[i]. */
  private final long[] tokens;
  private final Function<String, List<NodeId>> placement;
  private final int buckets;
  /** Writes sent per partition (by token index) per bucket, for the partitions that took any. */
  final Map<Integer, long[]> partitionWrites = new TreeMap<>();
  /** Each written partition's primary replica. */
  final Map<Integer, NodeId> primaries = new TreeMap<>();
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

  LikeLedger(List<Long> tokens, Function<String, List<NodeId>> placement, long burstFrom, long burstTo,
      long bucketNanos, long endNanos) {
    this.tokens = tokens.stream().mapToLong(Long::longValue).toArray();
    this.placement = placement;
    this.burstFrom = burstFrom;
    this.burstTo = burstTo;
    this.bucketNanos = bucketNanos;
    this.buckets = (int) ((endNanos + bucketNanos - 1) / bucketNanos);
  }

  /** The index of {@code key}'s partition: the first token at or after its hash, wrapping to 0. */
  int partition(String key) {
    int i = Arrays.binarySearch(tokens, RingHash.hash64(key));
    int at = i >= 0 ? i : -i - 1;
    return at == tokens.length ? 0 : at;
  }

  void writeSent(long now, String key) {
    writesSent++;
    int p = partition(key);
    long[] row = partitionWrites.computeIfAbsent(p, k -> new long[buckets]);
    primaries.computeIfAbsent(p, k -> placement.apply(key).get(0));
    int bucket = (int) (now / bucketNanos);
    if (bucket < buckets) {
      row[bucket]++;
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
