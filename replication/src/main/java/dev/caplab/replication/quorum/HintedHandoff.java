package dev.caplab.replication.quorum;

import dev.caplab.net.NodeId;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import dev.caplab.replication.quorum.QuorumMessage.HintReplay;
import java.util.ArrayList;
import java.util.TreeSet;

/**
 * The fallback side of hinted handoff: hints live in node storage under {@code "h/owner/key"}
 * (so they survive a crash when synced); a periodic timer replays each to its owner and deletes
 * it once the owner acknowledges, and drops hints older than the hint window.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class HintedHandoff {

  private final NodeContext ctx;
  private final Placement placement;
  private final QuorumMeters meters;
  private final ReplicaStore store;
  private final TreeSet<String> index = new TreeSet<>();
  private final TreeSet<String> inFlight = new TreeSet<>();

  HintedHandoff(NodeContext ctx, Placement placement, ReplicaStore store, QuorumMeters meters) {
    this.ctx = ctx;
    this.placement = placement;
    this.meters = meters;
    this.store = store;
    for (String k : store.storage().keys()) {
      if (k.startsWith(ReplicaStore.HINTS)) {
        index.add(k);
      }
    }
  }

  void start() {
    if (placement.config.hintedHandoff()) {
      ctx.schedule(placement.config.hintReplayInterval(), this::tick);
    }
  }

  /** Stores (or merges into) the hint for {@code owner}'s copy of {@code key}. */
  void store(String owner, String key, Siblings value) {
    Storage s = store.storage();
    String hk = ReplicaStore.HINTS + owner + "/" + key;
    Hint old = (Hint) s.get(hk);
    Hint h = old == null ? new Hint(owner, key, value, ctx.now())
        : new Hint(owner, key, Siblings.merge(old.value(), value), old.storedAt());
    s.put(hk, h);
    if (store.syncs()) {
      s.sync();
    }
    index.add(hk);
    meters.hintsStored.increment();
  }

  /** Hints held, for inspection. */
  int size() {
    return index.size();
  }

  private void tick() {
    long window = placement.config.hintWindow().toNanos();
    Storage s = store.storage();
    for (String hk : new ArrayList<>(index)) {
      Hint h = (Hint) s.get(hk);
      if (h == null) {
        index.remove(hk);
        continue;
      }
      if (ctx.now() - h.storedAt() > window) {
        remove(hk);
        meters.hintsDropped.increment();
        continue;
      }
      if (inFlight.contains(hk)) {
        continue;
      }
      inFlight.add(hk);
      NodeId owner = ctx.node(h.owner());
      ctx.call(owner, new HintReplay(h.key(), h.value()), placement.config.replicaTimeout())
          .onReply(r -> {
            inFlight.remove(hk);
            if (s.get(hk) == h) {
              remove(hk);
              meters.hintsReplayed.increment();
            }
          })
          .onFailure(f -> inFlight.remove(hk));
    }
    ctx.schedule(placement.config.hintReplayInterval(), this::tick);
  }

  private void remove(String hk) {
    store.storage().remove(hk);
    if (store.syncs()) {
      store.storage().sync();
    }
    index.remove(hk);
  }
}
