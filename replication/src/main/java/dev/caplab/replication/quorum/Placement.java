package dev.caplab.replication.quorum;

import dev.caplab.net.NodeId;
import dev.caplab.replication.ring.ConsistentHashRing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One store node's view of where keys live: the store's configuration and its own copy of the
 * ring, with the preference lists it has looked up cached. Every node builds its own from the
 * store's node list, so nodes share no mutable object, as they would share none on a real
 * network. Not thread-safe: the node's thread.
 */
final class Placement {

  final QuorumConfig config;
  final ConsistentHashRing<NodeId> ring;
  private final Map<String, List<NodeId>> walks = new HashMap<>();
  private final Map<String, NodeId[]> preferences = new HashMap<>();
  private final Map<String, List<NodeId>> preferenceLists = new HashMap<>();

  Placement(QuorumConfig config, List<NodeId> storeNodes) {
    this.config = config;
    this.ring = ring(config, storeNodes);
  }

  /** The ring of {@code storeNodes}, added in that order. */
  static ConsistentHashRing<NodeId> ring(QuorumConfig config, List<NodeId> storeNodes) {
    ConsistentHashRing<NodeId> ring = ConsistentHashRing.create(config.vnodes(), NodeId::name);
    for (NodeId n : storeNodes) {
      ring.add(n);
    }
    return ring;
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

  /** The key's N replicas as an array shared by every caller on this node: never modify it. */
  NodeId[] preference(String key) {
    NodeId[] p = preferences.get(key);
    if (p == null) {
      p = walk(key).subList(0, n()).toArray(new NodeId[0]);
      preferences.put(key, p);
    }
    return p;
  }

  /** The key's N replicas as an immutable list (cached: an operation's fan-out allocates none). */
  List<NodeId> preferenceList(String key) {
    List<NodeId> p = preferenceLists.get(key);
    if (p == null) {
      p = List.of(preference(key));
      preferenceLists.put(key, p);
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
