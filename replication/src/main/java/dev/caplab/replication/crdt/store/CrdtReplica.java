package dev.caplab.replication.crdt.store;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.ReplicaId;
import dev.caplab.replication.crdt.store.CrdtMessage.Ack;
import dev.caplab.replication.crdt.store.CrdtMessage.Push;
import dev.caplab.replication.crdt.store.CrdtMessage.Read;
import dev.caplab.replication.crdt.store.CrdtMessage.ReadOk;
import dev.caplab.replication.crdt.store.CrdtMessage.Update;
import dev.caplab.replication.crdt.store.CrdtMessage.UpdateOk;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One replica of a {@link CrdtStore}: holds a CRDT state per key, applies local updates (the
 * {@link #update} API or {@link Update} requests from clients) and runs anti-entropy: every
 * gossip interval it ships, to {@code fanOut} random peers, either its whole state or the deltas
 * each peer has not acknowledged ({@link GossipMode}). Received states and deltas are merged, so
 * replicas converge whatever the network loses, duplicates or reorders.
 *
 * <p>Every change is written to the node's {@link Storage} (and synced before an update is
 * acknowledged when {@link CrdtStoreConfig#syncWrites()} is on); a restarted replica reloads its
 * states from storage. The delta buffer and what peers acknowledged are volatile: after a restart
 * a replica knows nothing about its peers and sends them its full state once.
 *
 * <p>Deterministic (peers are chosen with the node's random stream; states are kept sorted by
 * key) and, like every node, not thread-safe: the runtime calls its handlers one at a time.
 *
 * @param <C> the CRDT type of every key
 */
public final class CrdtReplica<C extends Crdt<C, ?>> implements Node {

  /** Storage key prefix of the states: {@code crdt/<key>}. */
  public static final String STORAGE_PREFIX = "crdt/";
  /** Storage key prefix of the remembered client update ids: {@code applied/<id>}. */
  static final String APPLIED_PREFIX = "applied/";

  private final CrdtStoreConfig config;
  private final C bottom;
  private final List<String> replicaNames;
  private final TreeMap<String, C> states = new TreeMap<>();
  private final ArrayDeque<Buffered<C>> buffer = new ArrayDeque<>();
  private final Map<NodeId, Long> acked = new LinkedHashMap<>();
  private final List<NodeId> peers = new ArrayList<>();
  private NodeContext ctx;
  private GossipMeters metrics;
  private ReplicaId self;
  private long epoch;
  private long position; // buffer position of the newest delta (0: none yet)
  private long lastTimestamp = Long.MIN_VALUE;
  /** The last client updates applied here by id, oldest first ({@link CrdtStoreConfig#deduplicationWindow()}). */
  private final LinkedHashMap<String, Remembered> remembered = new LinkedHashMap<>();
  private long appliedCount;

  /** A delta at a buffer position. */
  private record Buffered<C>(long position, String key, C delta) {}

  /**
   * A remembered client update: its place in the order of application (to restore the window's
   * order from storage) and whether it changed anything.
   */
  private record Remembered(long order, boolean applied) {}

  CrdtReplica(CrdtStoreConfig config, C bottom, List<String> replicaNames) {
    this.config = Objects.requireNonNull(config, "config");
    this.bottom = Objects.requireNonNull(bottom, "bottom");
    this.replicaNames = List.copyOf(replicaNames);
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    this.metrics = new GossipMeters(ctx.metrics(), ctx.id().name());
    this.self = ReplicaId.of(ctx.id());
    this.epoch = ctx.random().nextLong();
    Storage storage = ctx.storage();
    TreeMap<Long, String> idsInOrder = new TreeMap<>();
    for (String k : storage.keys()) {
      if (k.startsWith(STORAGE_PREFIX)) {
        states.put(k.substring(STORAGE_PREFIX.length()), cast(storage.get(k)));
      } else if (k.startsWith(APPLIED_PREFIX)) {
        idsInOrder.put(((Remembered) storage.get(k)).order(), k.substring(APPLIED_PREFIX.length()));
      }
    }
    for (String id : idsInOrder.values()) {
      Remembered r = (Remembered) storage.get(APPLIED_PREFIX + id);
      remembered.put(id, r);
      appliedCount = Math.max(appliedCount, r.order());
    }
    for (String name : replicaNames) {
      NodeId id = ctx.node(name);
      if (!id.equals(ctx.id())) {
        peers.add(id);
      }
    }
    long interval = config.gossipInterval().toNanos();
    ctx.schedule(Duration.ofNanos(1 + ctx.random().nextLong(interval)), this::gossipRound);
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!(envelope.message() instanceof CrdtMessage m)) {
      throw new IllegalArgumentException("a CRDT replica only understands CrdtMessage, got " + envelope.message());
    }
    if (m instanceof Push<?> p) {
      receive(envelope.from(), cast(p));
    } else if (m instanceof Ack a) {
      if (a.epoch() == epoch) {
        acked.merge(envelope.from(), a.upTo(), Math::max);
        collectAcknowledged();
      }
    } else if (m instanceof Update<?> u) {
      ctx.reply(envelope, apply(cast(u)));
    } else if (m instanceof Read r) {
      ctx.reply(envelope, new ReadOk<>(r.key(), state(r.key())));
    } else {
      throw new IllegalArgumentException("a CRDT replica does not expect " + m + " from " + envelope.from());
    }
  }

  /**
   * Applies {@code mutation} to {@code key} here and returns the outcome; with {@code syncWrites}
   * the change is durable when this returns. Call it on the simulation thread, while the node is
   * up (a {@link CrdtStore} checks that).
   */
  public UpdateOk<C> update(String key, Mutation<C> mutation) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mutation, "mutation");
    if (ctx == null) {
      throw new IllegalStateException("replica has not started yet: run the simulation before updating");
    }
    C current = state(key);
    C delta = mutation.delta(current, new UpdateContext(self, nextTimestamp()));
    if (delta == null) {
      return new UpdateOk<>(key, false, current);
    }
    C merged = current.merge(delta);
    if (!delta.isLessOrEqual(current)) { // else nothing changed, and a key peers never take is not created
      put(key, merged);
      sync();
    }
    if (config.mode() == GossipMode.DELTA) {
      buffer(key, delta);
    }
    metrics.updated();
    return new UpdateOk<>(key, true, merged);
  }

  /** Applies a client's update once per id; a copy gets the first outcome and the current state. */
  private UpdateOk<C> apply(Update<C> update) {
    Remembered seen = remembered.get(update.id());
    if (seen != null) {
      return new UpdateOk<>(update.key(), seen.applied(), state(update.key()));
    }
    UpdateOk<C> ok = update(update.key(), update.mutation());
    Remembered r = new Remembered(++appliedCount, ok.applied());
    remembered.put(update.id(), r);
    ctx.storage().put(APPLIED_PREFIX + update.id(), r);
    if (remembered.size() > config.deduplicationWindow()) {
      Iterator<String> oldest = remembered.keySet().iterator();
      ctx.storage().remove(APPLIED_PREFIX + oldest.next());
      oldest.remove();
    }
    sync();
    return ok;
  }

  /** This replica's state of {@code key}: the empty state if it never saw the key. */
  public C state(String key) {
    C s = states.get(key);
    return s != null ? s : bottom;
  }

  /** Every key this replica holds, with its state, sorted by key (an unmodifiable copy). */
  public SortedMap<String, C> data() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(states));
  }

  /** The live states, unmodifiable and not copied: for comparisons on the simulation thread. */
  SortedMap<String, C> view() {
    return Collections.unmodifiableSortedMap(states);
  }

  /** How many deltas wait in the buffer for peers that have not acknowledged them. */
  public int bufferedDeltas() {
    return buffer.size();
  }

  /** This replica's id, the owner of the dots and counter entries its updates create. */
  public ReplicaId id() {
    return self;
  }

  private long nextTimestamp() {
    long t = ctx.localClock().nanos();
    if (t <= lastTimestamp) {
      t = lastTimestamp + 1;
    }
    lastTimestamp = t;
    return t;
  }

  private void gossipRound() {
    List<NodeId> shuffled = new ArrayList<>(peers);
    int n = Math.min(config.fanOut(), shuffled.size());
    for (int i = 0; i < n; i++) { // partial Fisher-Yates on the node's stream
      int j = i + ctx.random().nextInt(shuffled.size() - i);
      shuffled.set(j, shuffled.set(i, shuffled.get(j)));
      pushTo(shuffled.get(i));
    }
    ctx.schedule(config.gossipInterval(), this::gossipRound);
  }

  private void pushTo(NodeId peer) {
    if (config.mode() == GossipMode.FULL_STATE) {
      if (!states.isEmpty()) {
        send(peer, true, states);
      }
      return;
    }
    Long seen = acked.get(peer);
    long oldest = buffer.isEmpty() ? position + 1 : buffer.peekFirst().position();
    if (seen == null || seen < oldest - 1) {
      if (!states.isEmpty()) {
        metrics.fellBack();
        send(peer, true, states);
      }
      return;
    }
    if (seen >= position) {
      return; // nothing new for this peer
    }
    Map<String, C> joined = new TreeMap<>();
    for (Buffered<C> b : buffer) {
      if (b.position() > seen) {
        joined.merge(b.key(), b.delta(), Crdt::merge);
      }
    }
    send(peer, false, joined);
  }

  private void send(NodeId peer, boolean fullState, Map<String, C> payload) {
    long bytes = GossipMeters.HEADER_BYTES;
    for (Map.Entry<String, C> e : payload.entrySet()) {
      bytes += e.getKey().length() + PayloadSize.of(e.getValue());
    }
    metrics.pushed(fullState, bytes);
    ctx.send(peer, new Push<>(epoch, position, fullState, payload));
  }

  private void receive(NodeId from, Push<C> push) {
    boolean changed = false;
    for (Map.Entry<String, C> e : push.states().entrySet()) {
      C current = state(e.getKey());
      C incoming = e.getValue();
      if (!incoming.isLessOrEqual(current)) {
        put(e.getKey(), current.merge(incoming));
        changed = true;
        if (!push.fullState() && config.mode() == GossipMode.DELTA) {
          buffer(e.getKey(), incoming); // forward what was new here (delta-state anti-entropy)
        }
      }
    }
    if (changed) {
      sync();
    }
    if (config.mode() == GossipMode.DELTA) {
      metrics.acked();
      ctx.send(from, new Ack(push.epoch(), push.upTo()));
    }
  }

  private void buffer(String key, C delta) {
    buffer.addLast(new Buffered<>(++position, key, delta));
    while (buffer.size() > config.deltaBufferCapacity()) {
      buffer.pollFirst(); // peers behind it get the full state next time
    }
  }

  /** Drops the deltas every peer has acknowledged. */
  private void collectAcknowledged() {
    if (acked.size() < peers.size()) {
      return;
    }
    long min = Long.MAX_VALUE;
    for (long a : acked.values()) {
      min = Math.min(min, a);
    }
    Iterator<Buffered<C>> it = buffer.iterator();
    while (it.hasNext() && it.next().position() <= min) {
      it.remove();
    }
  }

  private void put(String key, C state) {
    states.put(key, state);
    ctx.storage().put(STORAGE_PREFIX + key, state);
  }

  private void sync() {
    if (config.syncWrites()) {
      ctx.storage().sync();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
