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
  /** Each key looked up so far with its walk and replicas: one map lookup per operation. */
  private final Map<String, Place> places = new HashMap<>();

  /**
   * Where one key lives: every store node in ring order from it ({@code walk}; the first N are
   * its replicas), and those N replicas as an array and as a list, shared by every caller on this
   * node: never modify them.
   */
  record Place(List<NodeId> walk, NodeId[] preference, List<NodeId> preferenceList) {}

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

  /** Where {@code key} lives (cached). */
  Place place(String key) {
    Place p = places.get(key);
    if (p == null) {
      List<NodeId> walk = ring.walk(key);
      NodeId[] preference = walk.subList(0, n()).toArray(new NodeId[0]);
      p = new Place(walk, preference, List.of(preference));
      places.put(key, p);
    }
    return p;
  }

  /** Every store node in ring order from the key: the first N are its preference list. */
  List<NodeId> walk(String key) {
    return place(key).walk();
  }

  /** The key's N replicas as an array shared by every caller on this node: never modify it. */
  NodeId[] preference(String key) {
    return place(key).preference();
  }

  /** The key's N replicas as an immutable list. */
  List<NodeId> preferenceList(String key) {
    return place(key).preferenceList();
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
