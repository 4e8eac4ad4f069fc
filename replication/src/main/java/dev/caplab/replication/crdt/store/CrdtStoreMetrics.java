package dev.caplab.replication.crdt.store;

import dev.caplab.net.NodeId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the replicas of one store shipped to each other, summed over replicas and restarts as of
 * the moment it was taken: anti-entropy messages and an estimate of their bytes (per key: the key,
 * the state's or delta's {@code metadataBytes()} and an estimate of its payload; plus {@value
 * #HEADER_BYTES} bytes of header per message). Client requests and replies are not counted. Each
 * replica reports its own to its context's meter registry (meters {@code caplab.crdt.gossip.*} and
 * {@code caplab.crdt.updates}, tagged {@code node}); {@link CrdtStore#metrics()} takes the sum.
 *
 * <p>Immutable snapshot.
 */
public final class CrdtStoreMetrics {

  /** Bytes counted for each message's header (epoch, position, kind). */
  public static final int HEADER_BYTES = GossipMeters.HEADER_BYTES;

  private final long fullStatePushes;
  private final long deltaPushes;
  private final long acks;
  private final long fullStateBytes;
  private final long deltaBytes;
  private final long ackBytes;
  private final long localUpdates;
  private final long fallbacks;

  private CrdtStoreMetrics(MeterRegistry registry, List<NodeId> nodes) {
    fullStatePushes = sum(registry, nodes, GossipMeters.MESSAGES, "kind", GossipMeters.FULL_STATE);
    deltaPushes = sum(registry, nodes, GossipMeters.MESSAGES, "kind", GossipMeters.DELTA);
    acks = sum(registry, nodes, GossipMeters.MESSAGES, "kind", GossipMeters.ACK);
    fullStateBytes = sum(registry, nodes, GossipMeters.BYTES, "kind", GossipMeters.FULL_STATE);
    deltaBytes = sum(registry, nodes, GossipMeters.BYTES, "kind", GossipMeters.DELTA);
    ackBytes = sum(registry, nodes, GossipMeters.BYTES, "kind", GossipMeters.ACK);
    localUpdates = sum(registry, nodes, GossipMeters.UPDATES);
    fallbacks = sum(registry, nodes, GossipMeters.FALLBACKS);
  }

  /** The sum over {@code nodes} of what they reported to {@code registry}. */
  static CrdtStoreMetrics of(MeterRegistry registry, List<NodeId> nodes) {
    return new CrdtStoreMetrics(registry, nodes);
  }

  private static long sum(MeterRegistry registry, List<NodeId> nodes, String name, String... tags) {
    long total = 0;
    for (NodeId n : nodes) {
      for (Counter c : registry.find(name).tag(GossipMeters.NODE, n.name()).tags(tags).counters()) {
        total += (long) c.count();
      }
    }
    return total;
  }

  /** Anti-entropy messages sent: pushes and acks. */
  public long messages() {
    return fullStatePushes + deltaPushes + acks;
  }

  /** Estimated bytes of every anti-entropy message sent. */
  public long bytesGossiped() {
    return fullStateBytes + deltaBytes + ackBytes;
  }

  public long fullStatePushes() {
    return fullStatePushes;
  }

  public long deltaPushes() {
    return deltaPushes;
  }

  public long acks() {
    return acks;
  }

  /** Full-state pushes made in delta mode because the peer was unknown or had missed dropped deltas. */
  public long fallbacks() {
    return fallbacks;
  }

  /** Updates applied through the local API or client requests (those that changed something). */
  public long localUpdates() {
    return localUpdates;
  }

  /** JSON-friendly view of every figure. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", messages());
    m.put("bytesGossiped", bytesGossiped());
    m.put("fullStatePushes", fullStatePushes);
    m.put("fullStateBytes", fullStateBytes);
    m.put("deltaPushes", deltaPushes);
    m.put("deltaBytes", deltaBytes);
    m.put("acks", acks);
    m.put("fallbacksToFullState", fallbacks);
    m.put("localUpdates", localUpdates);
    return m;
  }

  @Override
  public String toString() {
    return "CrdtStoreMetrics" + toMap();
  }
}
