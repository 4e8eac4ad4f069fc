package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import java.util.Map;
import java.util.SortedMap;

/**
 * A complete binary hash tree over a replica's keys: 2^depth leaves bucket keys by the top bits
 * of their ring hash; a leaf hashes its (key, state digest) pairs in key order, an inner node its
 * two children. Two replicas with equal roots hold the same states; otherwise descending only
 * into differing children finds the differing leaves in depth round trips.
 *
 * <p>Immutable after construction; not shared between threads.
 */
final class MerkleTree {

  private final int depth;
  private final long[] nodes;

  private MerkleTree(int depth, long[] nodes) {
    this.depth = depth;
    this.nodes = nodes;
  }

  static MerkleTree build(SortedMap<String, Siblings> entries, int depth) {
    int leaves = 1 << depth;
    long[] nodes = new long[2 * leaves - 1];
    int firstLeaf = leaves - 1;
    for (Map.Entry<String, Siblings> e : entries.entrySet()) {
      int leaf = leafOf(e.getKey(), depth);
      long h = nodes[firstLeaf + leaf];
      nodes[firstLeaf + leaf] = RingHash.mix(RingHash.mix(h, RingHash.hash64(e.getKey())), e.getValue().digest());
    }
    for (int i = firstLeaf - 1; i >= 0; i--) {
      long l = nodes[2 * i + 1];
      long r = nodes[2 * i + 2];
      nodes[i] = l == 0 && r == 0 ? 0 : RingHash.mix(RingHash.mix(0x3e7, l), r);
    }
    return new MerkleTree(depth, nodes);
  }

  /** The leaf a key falls in. */
  static int leafOf(String key, int depth) {
    return depth == 0 ? 0 : (int) (RingHash.hash64(key) >>> (64 - depth));
  }

  int depth() {
    return depth;
  }

  /** The hash of the {@code index}-th node (from 0) at {@code level} (0 is the root). */
  long hash(int level, int index) {
    if (level < 0 || level > depth || index < 0 || index >= (1 << level)) {
      throw new IllegalArgumentException("no Merkle node " + index + " at level " + level + " of a depth-" + depth
          + " tree");
    }
    return nodes[(1 << level) - 1 + index];
  }

  long root() {
    return nodes[0];
  }
}
