package dev.caplab.replication.quorum;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.Entry;
import dev.caplab.replication.quorum.QuorumMessage.MerkleCompare;
import dev.caplab.replication.quorum.QuorumMessage.MerkleDiff;
import dev.caplab.replication.quorum.QuorumMessage.MerkleSync;
import dev.caplab.replication.quorum.QuorumMessage.MerkleSyncReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merkle-tree anti-entropy between a replica and its ring neighbours (the nodes it shares key
 * ranges with). Periodically a replica picks a neighbour at random, builds a tree over the keys
 * both replicate, and sends the root; the neighbour answers which nodes differ, and the two descend
 * level by level into differing children only. At the leaves they exchange the states of those
 * leaves' keys both ways and merge, so both end with the merge. No reads are needed.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class AntiEntropy {

  private final NodeContext ctx;
  private final Placement placement;
  private final QuorumMeters meters;
  private final ReplicaStore store;
  private final int depth;
  private List<NodeId> peers = List.of();
  private boolean exchanging;

  AntiEntropy(NodeContext ctx, Placement placement, ReplicaStore store, QuorumMeters meters) {
    this.ctx = ctx;
    this.placement = placement;
    this.meters = meters;
    this.store = store;
    this.depth = placement.config.merkleDepth();
  }

  void start() {
    if (!placement.config.antiEntropy()) {
      return;
    }
    peers = placement.ring.neighbours(ctx.id(), placement.n());
    long interval = placement.config.antiEntropyInterval().toNanos();
    // A random phase keeps the replicas from exchanging in lock-step.
    ctx.schedule(Duration.ofNanos(1 + ctx.random().nextLong(interval)), this::tick);
  }

  private void tick() {
    if (!exchanging && !peers.isEmpty()) {
      NodeId peer = peers.get(ctx.random().nextInt(peers.size()));
      exchange(peer);
    }
    ctx.schedule(placement.config.antiEntropyInterval(), this::tick);
  }

  private void exchange(NodeId peer) {
    exchanging = true;
    meters.antiEntropyExchanges.increment();
    MerkleTree tree = MerkleTree.build(sharedEntries(peer), depth);
    compare(peer, tree, 0, new int[] {0});
  }

  private void compare(NodeId peer, MerkleTree tree, int level, int[] indices) {
    long[] hashes = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      hashes[i] = tree.hash(level, indices[i]);
    }
    ctx.call(peer, new MerkleCompare(level, indices, hashes), placement.config.replicaTimeout())
        .onReply(r -> onDiff(peer, tree, (MerkleDiff) r.message()))
        .onFailure(f -> exchanging = false);
  }

  private void onDiff(NodeId peer, MerkleTree tree, MerkleDiff diff) {
    int[] differing = diff.differing();
    if (differing.length == 0) {
      exchanging = false;
    } else if (diff.level() == depth) {
      List<Entry> mine = entriesIn(sharedEntries(peer), differing);
      meters.antiEntropyKeysSent.increment(mine.size());
      ctx.call(peer, new MerkleSync(differing, mine), placement.config.replicaTimeout())
          .onReply(r -> {
            List<Entry> theirs = ((MerkleSyncReply) r.message()).entries();
            meters.antiEntropyKeysSent.increment(theirs.size());
            for (Entry e : theirs) {
              store.merge(e.key(), e.value());
            }
            exchanging = false;
          })
          .onFailure(f -> exchanging = false);
    } else {
      int[] children = new int[differing.length * 2];
      for (int i = 0; i < differing.length; i++) {
        children[2 * i] = 2 * differing[i];
        children[2 * i + 1] = 2 * differing[i] + 1;
      }
      compare(peer, tree, diff.level() + 1, children);
    }
  }

  /** The responder's side of a comparison step. */
  void onCompare(Envelope e, MerkleCompare m) {
    MerkleTree tree = MerkleTree.build(sharedEntries(e.from()), depth);
    int[] differing = new int[m.indices().length];
    int count = 0;
    for (int i = 0; i < m.indices().length; i++) {
      if (tree.hash(m.level(), m.indices()[i]) != m.hashes()[i]) {
        differing[count++] = m.indices()[i];
      }
    }
    ctx.reply(e, new MerkleDiff(m.level(), java.util.Arrays.copyOf(differing, count)));
  }

  /** The responder's side of a leaf sync: merge theirs, answer with ours. */
  void onSync(Envelope e, MerkleSync m) {
    for (Entry entry : m.entries()) {
      if (placement.isReplica(entry.key(), ctx.id())) {
        store.merge(entry.key(), entry.value());
      }
    }
    ctx.reply(e, new MerkleSyncReply(entriesIn(sharedEntries(e.from()), m.leaves())));
  }

  /** This replica's states of the keys that both it and {@code peer} replicate. */
  private SortedMap<String, Siblings> sharedEntries(NodeId peer) {
    SortedMap<String, Siblings> out = new TreeMap<>();
    for (Map.Entry<String, Siblings> e : store.data().entrySet()) {
      if (placement.isReplica(e.getKey(), ctx.id()) && placement.isReplica(e.getKey(), peer)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private List<Entry> entriesIn(SortedMap<String, Siblings> entries, int[] leaves) {
    boolean[] wanted = new boolean[1 << depth];
    for (int l : leaves) {
      wanted[l] = true;
    }
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Siblings> e : entries.entrySet()) {
      if (wanted[MerkleTree.leafOf(e.getKey(), depth)]) {
        out.add(new Entry(e.getKey(), e.getValue()));
      }
    }
    return out;
  }
}
