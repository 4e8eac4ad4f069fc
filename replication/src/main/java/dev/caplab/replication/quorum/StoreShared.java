package dev.caplab.replication.quorum;

import dev.caplab.net.NodeId;
import dev.caplab.replication.ring.ConsistentHashRing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node of one store shares and what survives crashes outside storage: the
 * configuration, the ring (static once built) with cached preference lists, and the metrics.
 * Not thread-safe: the simulation thread only.
 */
final class StoreShared {

  final QuorumConfig config;
  final QuorumMetrics metrics;
  ConsistentHashRing<NodeId> ring;
  private final Map<String, List<NodeId>> walks = new HashMap<>();
  private final Map<String, NodeId[]> preferences = new HashMap<>();

  StoreShared(QuorumConfig config, QuorumMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  int n() {
    return config.replicationFactor();
  }

  /** Every store node in ring order from the key: the first N are its preference list. */
  List<NodeId> walk(String key) {
    List<NodeId> w = walks.get(key);
    if (w == null) {
      w = ring.walk(key);
      walks.put(key, w);
    }
    return w;
  }

  /** The key's N replicas as an array shared by every caller: never modify it. */
  NodeId[] preference(String key) {
    NodeId[] p = preferences.get(key);
    if (p == null) {
      p = walk(key).subList(0, n()).toArray(new NodeId[0]);
      preferences.put(key, p);
    }
    return p;
  }

  /** Whether {@code node} is among the key's N replicas. */
  boolean isReplica(String key, NodeId node) {
    List<NodeId> w = walk(key);
    int n = n();
    for (int i = 0; i < n; i++) {
      if (w.get(i).equals(node)) {
        return true;
      }
    }
    return false;
  }
}
