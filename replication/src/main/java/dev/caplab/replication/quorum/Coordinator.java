package dev.caplab.replication.quorum;

import dev.caplab.net.NodeId;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.HintAck;
import dev.caplab.replication.quorum.QuorumMessage.HintedWrite;
import dev.caplab.replication.quorum.QuorumMessage.ReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.ReadResponse;
import dev.caplab.replication.quorum.QuorumMessage.RepairWrite;
import dev.caplab.replication.quorum.QuorumMessage.WriteAck;
import dev.caplab.replication.quorum.QuorumMessage.WriteRequest;
import dev.caplab.replication.version.VersionVector;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The coordinator role of a store node: runs reads and writes for clients (or local callers) as
 * small state machines keyed by an operation id that the replicas echo back.
 *
 * <p>A write is sent to its targets (the whole preference list, or W random replicas under
 * {@link FanOut#QUORUM_ONLY}) and answered once W acknowledge; a target silent for the replica
 * timeout gets its write handed to the next fallback node on the ring as a hint. A read asks its
 * targets, merges the first R answers, then optionally repairs stale replicas ({@link ReadRepair})
 * or writes the newest version back to a majority (ABD, when linearizable). Each operation has
 * one request timer: if it fires before enough answers, the caller gets {@link Unavailable}.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class Coordinator {

  /** Storage prefix of the DVV state a non-replica coordinator keeps of the keys it wrote. */
  static final String COORDINATED = "c/";

  private static final int QUERY = 0;
  private static final int WRITE_BACK = 1;
  private static final int REPAIR = 2;
  private static final int ASYNC_WAIT = 3;

  /** Read flags per replica: the read was sent to it. */
  private static final int ASKED = 1;
  /** It answered the read. */
  private static final int ANSWERED = 2;
  /** It holds the newest version (ABD write-back). */
  private static final int CURRENT = 4;
  /** A blocking repair was sent to it and is not acknowledged yet. */
  private static final int REPAIRING = 8;

  private final NodeContext ctx;
  private final StoreShared shared;
  private final HintedHandoff hints;
  private final ReplicaStore store;
  private final QuorumMetrics metrics;
  private final OpTable<Op> ops = new OpTable<>();
  private final DeadlineQueue requestTimeouts;
  private final DeadlineQueue replicaTimeouts;
  private final String self;
  private long nextOp;
  private long lwwSequence;

  Coordinator(NodeContext ctx, StoreShared shared, HintedHandoff hints, ReplicaStore store) {
    this.ctx = ctx;
    this.shared = shared;
    this.hints = hints;
    this.store = store;
    this.metrics = shared.metrics;
    this.self = ctx.id().name();
    // Ids from an earlier incarnation must not match this one's: start past any it could have used.
    this.nextOp = ctx.now() * 64 + 1;
    this.requestTimeouts = new DeadlineQueue(ctx, shared.config.requestTimeout(), id -> {
      Op op = ops.get(id);
      if (op != null) {
        requestTimeout(op);
      }
    });
    this.replicaTimeouts = new DeadlineQueue(ctx, shared.config.replicaTimeout(), id -> {
      if (ops.get(id) instanceof WriteOp op) {
        replicaTimeout(op);
      }
    });
  }

  /** Operations in progress (answered or not). */
  int inProgress() {
    return ops.size();
  }

  // ---- writes ----------------------------------------------------------------------------------

  void write(String key, String value, VersionVector context, String actor, long actorCounter, WriteOptions options,
      Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(done, "done");
    int n = shared.n();
    options.validate(n);
    Versioned version = new Versioned(value, newVersion(key, context, actor, actorCounter));
    Siblings payload = version.version() instanceof DottedVersion ? coordinateDotted(key, version) : Siblings.of(version);
    List<NodeId> walk = shared.walk(key);
    int w = options.required(n);
    NodeId[] targets = options.fanOut() == FanOut.ALL ? shared.preference(key) : sample(walk, n, w, ctx.random());
    WriteOp op = new WriteOp(nextOp++, key, payload, version, w,
        options.hintsCount() || shared.config.sloppyQuorum(), targets, walk, n, ctx.now(), done);
    op.any = options.hintsCount();
    ops.put(op);
    WriteRequest request = new WriteRequest(op.id, key, op.value);
    for (NodeId t : targets) {
      ctx.send(t, request);
    }
    if (shared.config.hintedHandoff()) {
      replicaTimeouts.add(op.id);
    }
    requestTimeouts.add(op.id);
  }

  private Version newVersion(String key, VersionVector context, String actor, long actorCounter) {
    if (shared.config.versioning() == Versioning.LWW) {
      return new LwwStamp(ctx.localClock().nanos(), self, ++lwwSequence);
    }
    VersionVector c = context == null ? VersionVector.empty() : context;
    if (shared.config.versioning() == Versioning.DVV) {
      // The dot's actor is this node, whoever the client is; the counter is synced with the state.
      return new DottedVersion(self, nextCounter(false), c);
    }
    if (actor == null) {
      // No client actor: the coordinator is the actor, with a durable counter (Dynamo's scheme).
      long counter = nextCoordinatorCounter();
      return new VectorClock(c.advance(self, counter));
    }
    return new VectorClock(c.advance(actor, actorCounter));
  }

  private long nextCoordinatorCounter() {
    return nextCounter(true);
  }

  private long nextCounter(boolean sync) {
    String k = "m/vc-counter";
    Long last = (Long) ctx.storage().get(k);
    long next = (last == null ? 0 : last) + 1;
    ctx.storage().put(k, next);
    if (sync) {
      ctx.storage().sync();
    }
    return next;
  }

  /**
   * DVV: applies the write to this node's own state of the key first (its replica state, or, if
   * it is not a replica, the state of its own writes it keeps under {@link #COORDINATED}), and
   * returns the resulting state, which the write then sends to the replicas. Sending the whole
   * state, not just the new version, keeps this node's dots gap-free in every state that holds
   * one: a state with dot (n, k) holds, or supersedes, every earlier dot of n for the key, which
   * is what lets a plain version vector serve as the read context.
   */
  private Siblings coordinateDotted(String key, Versioned version) {
    Siblings next;
    if (shared.isReplica(key, ctx.id())) {
      next = Siblings.write(store.get(key), version);
      store.merge(key, next);
    } else {
      next = Siblings.write((Siblings) ctx.storage().get(COORDINATED + key), version);
      ctx.storage().put(COORDINATED + key, next);
    }
    ctx.storage().sync(); // the counter and the state that holds its dot survive a crash together
    return next;
  }

  void onWriteAck(NodeId from, WriteAck ack) {
    Op o = ops.get(ack.op());
    if (o instanceof WriteOp op) {
      int i = indexOf(op.targets, from);
      if (i >= 0 && !op.acked[i]) {
        op.acked[i] = true;
        op.acks++;
        checkWriteDone(op);
      }
    } else if (o instanceof ReadOp op) {
      onRepairAck(op, from);
    }
  }

  void onHintAck(NodeId from, HintAck ack) {
    if (ops.get(ack.op()) instanceof WriteOp op && op.hintPending != null) {
      // Per fallback, not a pending count: a duplicated ack must not count as a second hint.
      int i = op.walk.indexOf(from);
      if (i >= 0 && op.hintPending[i]) {
        op.hintPending[i] = false;
        op.hintAcks++;
        checkWriteDone(op);
      }
    }
  }

  private void checkWriteDone(WriteOp op) {
    if (!op.answered && op.counted() >= op.required) {
      op.answered = true;
      metrics.writes++;
      metrics.writeLatency().record(ctx.now() - op.start);
      op.done.accept(new WriteOk(op.key, op.written, op.acks, op.hintsCounted ? op.hintAcks : 0));
    }
    if (op.answered && (op.acks == op.targets.length || op.settled || !shared.config.hintedHandoff())) {
      ops.remove(op.id);
    }
  }

  /** Targets silent for the replica timeout are presumed down: hand their write to fallbacks. */
  private void replicaTimeout(WriteOp op) {
    if (ops.get(op.id) != op) {
      return;
    }
    op.settled = true;
    for (int i = 0; i < op.targets.length; i++) {
      if (!op.acked[i]) {
        handOff(op, op.targets[i]);
      }
    }
    checkWriteDone(op);
  }

  private void handOff(WriteOp op, NodeId owner) {
    while (op.nextFallback < op.walk.size()) {
      int i = op.nextFallback++;
      NodeId fallback = op.walk.get(i);
      if (indexOf(op.targets, fallback) < 0) {
        if (op.hintPending == null) {
          op.hintPending = new boolean[op.walk.size()];
        }
        op.hintPending[i] = true;
        op.contacted++;
        ctx.send(fallback, new HintedWrite(op.id, op.key, op.value, owner.name()));
        return;
      }
    }
    if (op.any && !op.answered && !owner.equals(ctx.id())) {
      // ANY with no fallback left: the coordinator keeps the hint itself, and it counts.
      hints.store(owner.name(), op.key, op.value);
      op.hintAcks++;
    }
  }

  // ---- reads -----------------------------------------------------------------------------------

  void read(String key, ReadOptions options, Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(done, "done");
    int n = shared.n();
    options.validate(n);
    int r = options.required(n);
    if (options.linearizable()) {
      r = Math.max(r, n / 2 + 1);
    }
    List<NodeId> walk = shared.walk(key);
    NodeId[] pref = shared.preference(key);
    ReadOp op = new ReadOp(nextOp++, key, options, r, pref, ctx.now(), done);
    if (options.fanOut() == FanOut.ALL) {
      for (int i = 0; i < n; i++) {
        op.set(i, ASKED);
      }
    } else {
      for (NodeId t : sample(walk, n, r, ctx.random())) {
        op.set(indexOf(pref, t), ASKED);
      }
    }
    ops.put(op);
    ReadRequest request = new ReadRequest(op.id, key);
    for (int i = 0; i < n; i++) {
      if (op.is(i, ASKED)) {
        op.contacted++;
        ctx.send(pref[i], request);
      }
    }
    requestTimeouts.add(op.id);
  }

  void onReadResponse(NodeId from, ReadResponse response) {
    if (!(ops.get(response.op()) instanceof ReadOp op)) {
      return;
    }
    int i = indexOf(op.pref, from);
    if (i < 0 || !op.is(i, ASKED) || op.is(i, ANSWERED)) {
      return;
    }
    op.set(i, ANSWERED);
    op.responses[i] = response.value();
    op.answers++;
    if (op.phase == QUERY) {
      op.merged = Siblings.merge(op.merged, response.value());
      if (op.answers >= op.required) {
        quorumReached(op);
      }
    } else if (op.phase == ASYNC_WAIT) {
      op.merged = Siblings.merge(op.merged, response.value());
      if (op.answers == op.contacted) {
        asyncRepair(op);
      }
    }
  }

  private void quorumReached(ReadOp op) {
    Siblings newest = op.merged;
    if (op.options.linearizable() && newest != null) {
      int needed = shared.n() / 2 + 1;
      for (int i = 0; i < op.pref.length; i++) {
        if (op.is(i, ANSWERED) && newest.equals(op.responses[i])) {
          op.set(i, CURRENT);
          op.writeBackAcks++;
        }
      }
      if (op.writeBackAcks < needed) {
        op.phase = WRITE_BACK;
        op.writeBackNeeded = needed;
        RepairWrite wb = new RepairWrite(op.id, op.key, newest);
        for (int i = 0; i < op.pref.length; i++) {
          if (!op.is(i, CURRENT)) {
            metrics.writeBacksSent++;
            ctx.send(op.pref[i], wb);
          }
        }
        return;
      }
      answerRead(op);
      ops.remove(op.id);
      return;
    }
    ReadRepair repair = op.options.readRepair();
    if (repair == ReadRepair.BLOCKING && newest != null) {
      RepairWrite rw = new RepairWrite(op.id, op.key, newest);
      for (int i = 0; i < op.pref.length; i++) {
        if (op.is(i, ANSWERED) && !newest.equals(op.responses[i])) {
          op.repairsPending++;
          op.set(i, REPAIRING);
          metrics.repairsSent++;
          ctx.send(op.pref[i], rw);
        }
      }
      if (op.repairsPending > 0) {
        op.phase = REPAIR;
        return;
      }
    }
    answerRead(op);
    if (repair == ReadRepair.ASYNC) {
      op.phase = ASYNC_WAIT;
      if (op.answers == op.contacted) {
        asyncRepair(op);
      }
    } else {
      ops.remove(op.id);
    }
  }

  private void onRepairAck(ReadOp op, NodeId from) {
    int i = indexOf(op.pref, from);
    if (i < 0) {
      return;
    }
    if (op.phase == WRITE_BACK && !op.is(i, CURRENT)) {
      op.set(i, CURRENT);
      if (++op.writeBackAcks >= op.writeBackNeeded) {
        answerRead(op);
        ops.remove(op.id);
      }
    } else if (op.phase == REPAIR && op.is(i, REPAIRING)) {
      op.clear(i, REPAIRING);
      if (--op.repairsPending == 0) {
        answerRead(op);
        ops.remove(op.id);
      }
    }
  }

  /** After an answered read: write the newest version to every replica that answered with less. */
  private void asyncRepair(ReadOp op) {
    ops.remove(op.id);
    Siblings newest = op.merged;
    if (newest == null) {
      return;
    }
    RepairWrite rw = new RepairWrite(0, op.key, newest);
    for (int i = 0; i < op.pref.length; i++) {
      if (op.is(i, ANSWERED) && !newest.equals(op.responses[i])) {
        metrics.repairsSent++;
        ctx.send(op.pref[i], rw);
      }
    }
  }

  private void answerRead(ReadOp op) {
    if (op.answered) {
      return;
    }
    op.answered = true;
    metrics.reads++;
    metrics.readLatency().record(ctx.now() - op.start);
    op.done.accept(new ReadOk(op.key, op.merged, op.answers));
  }

  // ---- timeouts --------------------------------------------------------------------------------

  private void requestTimeout(Op o) {
    if (ops.get(o.id) != o) {
      return;
    }
    if (o instanceof WriteOp op) {
      ops.remove(op.id);
      if (!op.answered) {
        op.answered = true;
        metrics.writesUnavailable++;
        op.done.accept(new Unavailable(op.key, "write", op.required, op.counted(), op.contacted));
      }
      return;
    }
    ReadOp op = (ReadOp) o;
    switch (op.phase) {
      case QUERY -> {
        ops.remove(op.id);
        op.answered = true;
        metrics.readsUnavailable++;
        op.done.accept(new Unavailable(op.key, "read", op.required, op.answers, op.contacted));
      }
      case WRITE_BACK -> {
        ops.remove(op.id);
        op.answered = true;
        metrics.readsUnavailable++;
        op.done.accept(new Unavailable(op.key, "read", op.writeBackNeeded, op.writeBackAcks, op.pref.length));
      }
      case REPAIR -> {
        ops.remove(op.id);
        answerRead(op);
      }
      case ASYNC_WAIT -> asyncRepair(op);
      default -> throw new IllegalStateException("unknown read phase " + op.phase);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** {@code k} of the first {@code n} nodes of {@code walk}, uniformly at random, in walk order. */
  static NodeId[] sample(List<NodeId> walk, int n, int k, RandomGenerator random) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    java.util.Arrays.sort(idx, 0, k);
    NodeId[] out = new NodeId[k];
    for (int i = 0; i < k; i++) {
      out[i] = walk.get(idx[i]);
    }
    return out;
  }

  private static int indexOf(NodeId[] nodes, NodeId node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(node)) {
        return i;
      }
    }
    return -1;
  }

  private abstract static class Op implements OpTable.Entry {
    final long id;
    final String key;
    final long start;
    final Consumer<QuorumResult> done;
    boolean answered;
    int contacted;

    Op(long id, String key, long start, Consumer<QuorumResult> done) {
      this.id = id;
      this.key = key;
      this.start = start;
      this.done = done;
    }

    @Override
    public long id() {
      return id;
    }
  }

  private static final class WriteOp extends Op {
    final Siblings value;
    final Versioned written;
    final int required;
    final boolean hintsCounted;
    final NodeId[] targets;
    final boolean[] acked;
    final List<NodeId> walk;
    int nextFallback;
    int acks;
    int hintAcks;
    /** By walk position: a hint was sent to that fallback and not acknowledged yet (null before any). */
    boolean[] hintPending;
    boolean settled;
    boolean any;

    WriteOp(long id, String key, Siblings value, Versioned written, int required, boolean hintsCounted, NodeId[] targets,
        List<NodeId> walk, int firstFallback, long start, Consumer<QuorumResult> done) {
      super(id, key, start, done);
      this.value = value;
      this.written = written;
      this.required = required;
      this.hintsCounted = hintsCounted;
      this.targets = targets;
      this.acked = new boolean[targets.length];
      this.walk = walk;
      this.nextFallback = firstFallback;
      this.contacted = targets.length;
    }

    int counted() {
      return acks + (hintsCounted ? hintAcks : 0);
    }
  }

  private static final class ReadOp extends Op {
    final ReadOptions options;
    final int required;
    final NodeId[] pref;
    /** Per preference-list position: {@link #ASKED}, {@link #ANSWERED}, {@link #CURRENT}, {@link #REPAIRING}. */
    final byte[] flags;
    final Siblings[] responses;
    int answers;
    Siblings merged;
    int phase = QUERY;
    int writeBackNeeded;
    int writeBackAcks;
    int repairsPending;

    ReadOp(long id, String key, ReadOptions options, int required, NodeId[] pref, long start,
        Consumer<QuorumResult> done) {
      super(id, key, start, done);
      this.options = options;
      this.required = required;
      this.pref = pref;
      int n = pref.length;
      this.flags = new byte[n];
      this.responses = new Siblings[n];
    }

    boolean is(int i, int flag) {
      return (flags[i] & flag) != 0;
    }

    void set(int i, int flag) {
      flags[i] |= (byte) flag;
    }

    void clear(int i, int flag) {
      flags[i] &= (byte) ~flag;
    }
  }
}
