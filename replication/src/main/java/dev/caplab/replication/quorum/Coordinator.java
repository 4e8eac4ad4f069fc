package dev.caplab.replication.quorum;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.MultiCall;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.HintAck;
import dev.caplab.replication.quorum.QuorumMessage.HintedWrite;
import dev.caplab.replication.quorum.QuorumMessage.ReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.ReadResponse;
import dev.caplab.replication.quorum.QuorumMessage.RepairWrite;
import dev.caplab.replication.quorum.QuorumMessage.ThrottledReply;
import dev.caplab.replication.quorum.QuorumMessage.WriteAck;
import dev.caplab.replication.quorum.QuorumMessage.WriteRequest;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The coordinator role of a store node: runs reads and writes for clients (or local callers), each
 * as one {@link MultiCall} to its replicas with one deadline, the request timeout.
 *
 * <p>A write is sent to its targets (the whole preference list, or W random replicas under
 * {@link FanOut#QUORUM_ONLY}) and answered once W acknowledge; at the replica timeout, a target
 * still silent gets its write handed to the next fallback node on the ring as a hint, which
 * joins the same call. A read asks its targets, merges the first R answers, then optionally
 * repairs stale replicas ({@link ReadRepair}) or writes the newest version back to a majority
 * (ABD, when linearizable), again within the same call. If the deadline comes before enough
 * answers, the caller gets {@link Unavailable}.
 *
 * <p>With {@link PartitionCapacity partition limits} on, the key's primary replica (the first of
 * its preference list) is the partition's admission point, as a DynamoDB partition's leader is:
 * only it meters requests. An operation sent to it is answered only once it has admitted the
 * request (its acknowledgement or its read answer), or once it has been silent for the replica
 * timeout (then presumed down, and the request goes unmetered); if it refuses, the caller gets
 * {@link Throttled} at once. One admission point per partition keeps a partition's accepted
 * requests at its limit: replicas metering on their own would admit different requests from the
 * same stream, and few requests would collect W admissions. A throttled replica is up, so it never
 * gets a hint.
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
  /** It refused the read for its partition's limit. */
  private static final int THROTTLED = 16;

  private final NodeContext ctx;
  private final Placement placement;
  private final QuorumConfig config;
  private final HintedHandoff hints;
  private final ReplicaStore store;
  private final QuorumMeters meters;
  private final String self;
  private int inProgress;
  private long lwwSequence;

  Coordinator(NodeContext ctx, Placement placement, HintedHandoff hints, ReplicaStore store, QuorumMeters meters) {
    this.ctx = ctx;
    this.placement = placement;
    this.config = placement.config;
    this.hints = hints;
    this.store = store;
    this.meters = meters;
    this.self = ctx.id().name();
  }

  /** Operations in progress (answered or not). */
  int inProgress() {
    return inProgress;
  }

  // ---- writes ----------------------------------------------------------------------------------

  void write(String key, String value, VersionVector context, String actor, long actorCounter, WriteOptions options,
      Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(done, "done");
    int n = placement.n();
    options.validate(n);
    Versioned version = new Versioned(value, newVersion(key, context, actor, actorCounter));
    Siblings payload = version.version() instanceof DottedVersion ? coordinateDotted(key, version) : Siblings.of(version);
    Placement.Place place = placement.place(key);
    List<NodeId> walk = place.walk();
    int w = options.required(n);
    boolean all = options.fanOut() == FanOut.ALL;
    NodeId[] targets = all ? place.preference() : sample(walk, n, w, ctx.random());
    WriteOp op = new WriteOp(key, payload, version, w, options.hintsCount() || config.sloppyQuorum(), targets, walk, n,
        ctx.now(), done);
    op.any = options.hintsCount();
    op.leader = metered() ? indexOf(targets, place.preference()[0]) : -1;
    op.leaderPending = op.leader >= 0;
    inProgress++;
    List<NodeId> to = all ? place.preferenceList() : Arrays.asList(targets);
    op.call = ctx.callAll(to, new WriteRequest(key, op.value), config.requestTimeout())
        .onReply(op)
        .onTimeout(op);
    if (config.hintedHandoff() || op.leaderPending) {
      op.call.onElapsed(config.replicaTimeout(), op::replicaTimeout);
    }
  }

  /** Whether the store meters partitions (then each key's primary replica admits or refuses). */
  private boolean metered() {
    return config.partitionCapacity().enabled();
  }

  private Version newVersion(String key, VersionVector context, String actor, long actorCounter) {
    if (config.versioning() == Versioning.LWW) {
      return new LwwStamp(ctx.localClock().nanos(), self, ++lwwSequence);
    }
    VersionVector c = context == null ? VersionVector.empty() : context;
    if (config.versioning() == Versioning.DVV) {
      // The dot's actor is this node, whoever the client is; the counter is synced with the state.
      return new DottedVersion(self, nextCounter(false), c);
    }
    if (actor == null) {
      // No client actor: the coordinator is the actor, with a durable counter (Dynamo's scheme).
      long counter = nextCounter(true);
      return new VectorClock(c.advance(self, counter));
    }
    return new VectorClock(c.advance(actor, actorCounter));
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
    if (placement.isReplica(key, ctx.id())) {
      next = Siblings.write(store.get(key), version);
      store.merge(key, next);
    } else {
      next = Siblings.write((Siblings) ctx.storage().get(COORDINATED + key), version);
      ctx.storage().put(COORDINATED + key, next);
    }
    ctx.storage().sync(); // the counter and the state that holds its dot survive a crash together
    return next;
  }

  // ---- reads -----------------------------------------------------------------------------------

  void read(String key, ReadOptions options, Consumer<QuorumResult> done) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(done, "done");
    int n = placement.n();
    options.validate(n);
    int r = options.required(n);
    if (options.linearizable()) {
      r = Math.max(r, n / 2 + 1);
    }
    Placement.Place place = placement.place(key);
    List<NodeId> walk = place.walk();
    NodeId[] pref = place.preference();
    ReadOp op = new ReadOp(key, options, r, pref, ctx.now(), done);
    if (options.fanOut() == FanOut.ALL) {
      for (int i = 0; i < n; i++) {
        op.set(i, ASKED);
      }
    } else {
      for (NodeId t : sample(walk, n, r, ctx.random())) {
        op.set(indexOf(pref, t), ASKED);
      }
    }
    List<NodeId> asked;
    if (options.fanOut() == FanOut.ALL) {
      asked = place.preferenceList();
    } else {
      List<NodeId> subset = new ArrayList<>(r);
      for (int i = 0; i < n; i++) {
        if (op.is(i, ASKED)) {
          subset.add(pref[i]);
        }
      }
      asked = subset;
    }
    op.contacted = asked.size();
    op.leaderPending = metered() && op.is(0, ASKED);
    inProgress++;
    op.call = ctx.callAll(asked, new ReadRequest(key), config.requestTimeout())
        .onReply(op)
        .onTimeout(op);
    if (op.leaderPending) {
      op.call.onElapsed(config.replicaTimeout(), op::leaderSilent);
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
    Arrays.sort(idx, 0, k);
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

  /**
   * One operation: its replies come to {@link #accept} and its deadline to {@link #run}, so the
   * operation object is its own callbacks.
   */
  private abstract class Op implements Consumer<Envelope>, Runnable {
    final String key;
    final long start;
    final Consumer<QuorumResult> done;
    MultiCall call;
    boolean answered;
    int contacted;
    int throttles;
    long retryAfterNanos;

    Op(String key, long start, Consumer<QuorumResult> done) {
      this.key = key;
      this.start = start;
      this.done = done;
    }

    /** The operation is over: later replies go to the node's handler, which ignores them. */
    final void finish() {
      if (!call.isDone()) {
        call.finish();
        inProgress--;
      }
    }
  }

  private final class WriteOp extends Op {
    final Siblings value;
    final Versioned written;
    final int required;
    final boolean hintsCounted;
    final NodeId[] targets;
    /** Which targets acknowledged: bit i for target i (up to 64), else the array. */
    long ackedBits;
    final boolean[] ackedBeyond;
    /** Which targets refused for their partition's limit (null before the first refusal). */
    boolean[] throttledTargets;
    final List<NodeId> walk;
    /** The target index of the key's primary replica when partitions are metered, else -1. */
    int leader = -1;
    /** The primary has neither admitted the write nor been presumed down. */
    boolean leaderPending;
    int nextFallback;
    int acks;
    int hintAcks;
    /** By walk position: a hint was sent to that fallback and not acknowledged yet (null before any). */
    boolean[] hintPending;
    boolean settled;
    boolean any;

    WriteOp(String key, Siblings value, Versioned written, int required, boolean hintsCounted, NodeId[] targets,
        List<NodeId> walk, int firstFallback, long start, Consumer<QuorumResult> done) {
      super(key, start, done);
      this.value = value;
      this.written = written;
      this.required = required;
      this.hintsCounted = hintsCounted;
      this.targets = targets;
      this.ackedBeyond = targets.length > Long.SIZE ? new boolean[targets.length] : null;
      this.walk = walk;
      this.nextFallback = firstFallback;
      this.contacted = targets.length;
    }

    int counted() {
      return acks + (hintsCounted ? hintAcks : 0);
    }

    boolean acked(int i) {
      return ackedBeyond != null ? ackedBeyond[i] : (ackedBits & (1L << i)) != 0;
    }

    boolean throttledAt(int i) {
      return throttledTargets != null && throttledTargets[i];
    }

    void markAcked(int i) {
      if (ackedBeyond != null) {
        ackedBeyond[i] = true;
      } else {
        ackedBits |= 1L << i;
      }
    }

    /** A reply: a target's acknowledgement or a fallback's hint acknowledgement. */
    @Override
    public void accept(Envelope e) {
      Object m = e.message();
      if (m instanceof WriteAck) {
        int i = indexOf(targets, e.from());
        if (i >= 0 && !acked(i)) {
          markAcked(i);
          acks++;
          if (i == leader) {
            leaderPending = false;
          }
          checkDone();
        }
      } else if (m instanceof ThrottledReply t) {
        int i = indexOf(targets, e.from());
        if (i >= 0 && !acked(i) && !throttledAt(i)) {
          if (throttledTargets == null) {
            throttledTargets = new boolean[targets.length];
          }
          throttledTargets[i] = true;
          throttles++;
          retryAfterNanos = Math.max(retryAfterNanos, t.retryAfterNanos());
          if (!answered && (i == leader || throttles > targets.length - required)) {
            answered = true;
            meters.writesThrottled.increment();
            done.accept(new Throttled(key, "write", required, throttles, contacted, Duration.ofNanos(retryAfterNanos), 1));
            finish();
          }
        }
      } else if (m instanceof HintAck && hintPending != null) {
        // Per fallback, not a pending count: a duplicated ack must not count as a second hint.
        int i = walk.indexOf(e.from());
        if (i >= 0 && hintPending[i]) {
          hintPending[i] = false;
          hintAcks++;
          checkDone();
        }
      }
    }

    /** The request timeout. */
    @Override
    public void run() {
      inProgress--;
      if (!answered) {
        answered = true;
        meters.writesUnavailable.increment();
        done.accept(new Unavailable(key, "write", required, counted(), contacted));
      }
    }

    void checkDone() {
      if (!answered && counted() >= required && !leaderPending) {
        answered = true;
        meters.writes.increment();
        QuorumMeters.record(meters.writeLatency, ctx.now() - start);
        done.accept(new WriteOk(key, written, acks, hintsCounted ? hintAcks : 0));
      }
      if (answered && (acks == targets.length || settled || !config.hintedHandoff())) {
        finish();
      }
    }

    /** Targets silent for the replica timeout are presumed down: hand their write to fallbacks. */
    void replicaTimeout() {
      leaderPending = false; // a silent primary is presumed down: the write goes unmetered
      if (config.hintedHandoff()) {
        settled = true;
        for (int i = 0; i < targets.length; i++) {
          if (!acked(i) && !throttledAt(i)) {
            handOff(targets[i]);
          }
        }
      }
      checkDone();
    }

    private void handOff(NodeId owner) {
      while (nextFallback < walk.size()) {
        int i = nextFallback++;
        NodeId fallback = walk.get(i);
        if (indexOf(targets, fallback) < 0) {
          if (hintPending == null) {
            hintPending = new boolean[walk.size()];
          }
          hintPending[i] = true;
          contacted++;
          call.ask(fallback, new HintedWrite(key, value, owner.name()));
          return;
        }
      }
      if (any && !answered && !owner.equals(ctx.id())) {
        // ANY with no fallback left: the coordinator keeps the hint itself, and it counts.
        hints.store(owner.name(), key, value);
        hintAcks++;
      }
    }
  }

  private final class ReadOp extends Op {
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
    /** Partitions are metered and the primary (position 0) has neither answered nor been presumed down. */
    boolean leaderPending;

    ReadOp(String key, ReadOptions options, int required, NodeId[] pref, long start, Consumer<QuorumResult> done) {
      super(key, start, done);
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

    /** A reply: a replica's versions, or its acknowledgement of a repair or write-back. */
    @Override
    public void accept(Envelope e) {
      Object m = e.message();
      if (m instanceof ReadResponse response) {
        onResponse(e.from(), response);
      } else if (m instanceof WriteAck) {
        onRepairAck(e.from());
      } else if (m instanceof ThrottledReply t) {
        onThrottled(e.from(), t);
      }
    }

    /** The primary was silent for the replica timeout: presumed down, the read goes unmetered. */
    void leaderSilent() {
      leaderPending = false;
      if (phase == QUERY && !answered && answers >= required) {
        quorumReached();
      }
    }

    private void onThrottled(NodeId from, ThrottledReply t) {
      int i = indexOf(pref, from);
      if (i < 0 || !is(i, ASKED) || is(i, ANSWERED) || is(i, THROTTLED)) {
        return;
      }
      set(i, THROTTLED);
      throttles++;
      retryAfterNanos = Math.max(retryAfterNanos, t.retryAfterNanos());
      if (phase == QUERY && !answered && (i == 0 || throttles > contacted - required)) {
        answered = true;
        meters.readsThrottled.increment();
        done.accept(new Throttled(key, "read", required, throttles, contacted, Duration.ofNanos(retryAfterNanos), 1));
        finish();
      }
    }

    private void onResponse(NodeId from, ReadResponse response) {
      int i = indexOf(pref, from);
      if (i < 0 || !is(i, ASKED) || is(i, ANSWERED)) {
        return;
      }
      set(i, ANSWERED);
      responses[i] = response.value();
      answers++;
      if (i == 0) {
        leaderPending = false;
      }
      if (phase == QUERY) {
        merged = Siblings.merge(merged, response.value());
        if (answers >= required && !leaderPending) {
          quorumReached();
        }
      } else if (phase == ASYNC_WAIT) {
        merged = Siblings.merge(merged, response.value());
        if (answers == contacted) {
          asyncRepair();
        }
      }
    }

    private void quorumReached() {
      Siblings newest = merged;
      if (options.linearizable() && newest != null) {
        int needed = placement.n() / 2 + 1;
        for (int i = 0; i < pref.length; i++) {
          if (is(i, ANSWERED) && newest.equals(responses[i])) {
            set(i, CURRENT);
            writeBackAcks++;
          }
        }
        if (writeBackAcks < needed) {
          phase = WRITE_BACK;
          writeBackNeeded = needed;
          RepairWrite wb = new RepairWrite(key, newest);
          for (int i = 0; i < pref.length; i++) {
            if (!is(i, CURRENT)) {
              meters.writeBacksSent.increment();
              call.ask(pref[i], wb);
            }
          }
          return;
        }
        answer();
        finish();
        return;
      }
      ReadRepair repair = options.readRepair();
      if (repair == ReadRepair.BLOCKING && newest != null) {
        RepairWrite rw = new RepairWrite(key, newest);
        for (int i = 0; i < pref.length; i++) {
          if (is(i, ANSWERED) && !newest.equals(responses[i])) {
            repairsPending++;
            set(i, REPAIRING);
            meters.repairsSent.increment();
            call.ask(pref[i], rw);
          }
        }
        if (repairsPending > 0) {
          phase = REPAIR;
          return;
        }
      }
      answer();
      if (repair == ReadRepair.ASYNC) {
        phase = ASYNC_WAIT;
        if (answers == contacted) {
          asyncRepair();
        }
      } else {
        finish();
      }
    }

    private void onRepairAck(NodeId from) {
      int i = indexOf(pref, from);
      if (i < 0) {
        return;
      }
      if (phase == WRITE_BACK && !is(i, CURRENT)) {
        set(i, CURRENT);
        if (++writeBackAcks >= writeBackNeeded) {
          answer();
          finish();
        }
      } else if (phase == REPAIR && is(i, REPAIRING)) {
        clear(i, REPAIRING);
        if (--repairsPending == 0) {
          answer();
          finish();
        }
      }
    }

    /** After an answered read: write the newest version to every replica that answered with less. */
    private void asyncRepair() {
      finish();
      Siblings newest = merged;
      if (newest == null) {
        return;
      }
      RepairWrite rw = new RepairWrite(key, newest);
      for (int i = 0; i < pref.length; i++) {
        if (is(i, ANSWERED) && !newest.equals(responses[i])) {
          meters.repairsSent.increment();
          ctx.send(pref[i], rw); // a plain send: the replica does not acknowledge it
        }
      }
    }

    private void answer() {
      if (answered) {
        return;
      }
      answered = true;
      meters.reads.increment();
      QuorumMeters.record(meters.readLatency, ctx.now() - start);
      done.accept(new ReadOk(key, merged, answers));
    }

    /** The request timeout. */
    @Override
    public void run() {
      inProgress--;
      switch (phase) {
        case QUERY -> {
          answered = true;
          meters.readsUnavailable.increment();
          done.accept(new Unavailable(key, "read", required, answers, contacted));
        }
        case WRITE_BACK -> {
          answered = true;
          meters.readsUnavailable.increment();
          done.accept(new Unavailable(key, "read", writeBackNeeded, writeBackAcks, pref.length));
        }
        case REPAIR -> answer();
        case ASYNC_WAIT -> asyncRepair();
        default -> throw new IllegalStateException("unknown read phase " + phase);
      }
    }
  }
}
