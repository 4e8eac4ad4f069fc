package dev.caplab.replication.quorum;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.MultiCall;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.EventualReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.HintAck;
import dev.caplab.replication.quorum.QuorumMessage.HintedWrite;
import dev.caplab.replication.quorum.QuorumMessage.PrimaryWrite;
import dev.caplab.replication.quorum.QuorumMessage.PrimaryWriteAck;
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
 * {@link Throttled} at once. A metered write goes to the primary first and to the other replicas
 * only once admitted, so a refused write is stored nowhere; under DVV the primary also mints its
 * dot. One admission point per partition keeps a partition's accepted requests at its limit:
 * replicas metering on their own would admit different requests from the same stream, and few
 * requests would collect W admissions. A throttled replica is up, so it never gets a hint. A read
 * tells the primary whether it is strongly or eventually consistent ({@link EventualReadRequest}),
 * which the primary charges in full or by half.
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
  /** Admits a write of a key this node is the primary of (0, or the wait until it would); null when unmetered. */
  private final WriteAdmission admitWrite;
  private int inProgress;
  private long lwwSequence;

  Coordinator(NodeContext ctx, Placement placement, HintedHandoff hints, ReplicaStore store, QuorumMeters meters,
      WriteAdmission admitWrite) {
    this.ctx = ctx;
    this.admitWrite = admitWrite;
    this.placement = placement;
    this.config = placement.config;
    this.hints = hints;
    this.store = store;
    this.meters = meters;
    this.self = ctx.id().name();
  }

  /** The partition table's write admission at this node, for keys it is the primary of. */
  @FunctionalInterface
  interface WriteAdmission {
    /** 0 if a write of {@code key} costing {@code units} write units is admitted, else the wait until it would be. */
    long admit(String key, long units);
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
    if (admitWrite != null) {
      writeMetered(key, value, context, actor, actorCounter, options, done);
      return;
    }
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
    inProgress++;
    List<NodeId> to = all ? place.preferenceList() : Arrays.asList(targets);
    op.call = ctx.callAll(to, new WriteRequest(key, op.value), config.requestTimeout())
        .onReply(op)
        .onTimeout(op);
    if (config.hintedHandoff()) {
      op.call.onElapsed(config.replicaTimeout(), op::replicaTimeout);
    }
  }

  /**
   * A write when partitions are metered: the key's primary admits it before any replica stores it,
   * so a refused write is stored nowhere. If this node is the primary it admits the write itself,
   * then applies it and sends it to the other targets at once (no extra round trip); otherwise the
   * write goes to the primary alone and, once the primary has admitted and stored it, to the other
   * targets on the same call. Under DVV a primary that is not this node also mints the write's dot
   * ({@link PrimaryWrite}): the node that mints a dot is always the node whose state takes it first,
   * durably, before it mints the next, so this node mints nothing it might never store. If the
   * primary is silent for the replica timeout it is presumed down and the write goes to the others
   * unmetered (under DVV minted here then, as an unmetered write is). Targets sampled without the
   * primary ({@link FanOut#QUORUM_ONLY}) are not metered.
   */
  private void writeMetered(String key, String value, VersionVector context, String actor, long actorCounter,
      WriteOptions options, Consumer<QuorumResult> done) {
    int n = placement.n();
    Placement.Place place = placement.place(key);
    List<NodeId> walk = place.walk();
    int w = options.required(n);
    NodeId[] targets = options.fanOut() == FanOut.ALL ? place.preference() : sample(walk, n, w, ctx.random());
    int leader = indexOf(targets, place.preference()[0]);
    boolean selfPrimary = leader >= 0 && targets[leader].equals(ctx.id());
    if (selfPrimary) {
      long wait = admitWrite.admit(key, ItemSize.writeUnits(ItemSize.bytes(key, null) + ItemSize.utf8(value)));
      if (wait > 0) {
        meters.replicaWriteThrottles.increment();
        meters.writesThrottled.increment();
        done.accept(new Throttled(key, "write", w, 1, 1, Duration.ofNanos(wait), 1));
        return;
      }
    }
    boolean primaryMints = leader >= 0 && !selfPrimary && config.versioning() == Versioning.DVV;
    Versioned version = primaryMints ? null : new Versioned(value, newVersion(key, context, actor, actorCounter));
    Siblings payload = version == null ? null : payloadOf(key, version);
    WriteOp op = new WriteOp(key, payload, version, w, options.hintsCount() || config.sloppyQuorum(), targets, walk, n,
        ctx.now(), done);
    op.any = options.hintsCount();
    inProgress++;
    if (leader < 0) {
      op.call = ctx.callAll(Arrays.asList(targets), new WriteRequest(key, payload), config.requestTimeout())
          .onReply(op).onTimeout(op);
      if (config.hintedHandoff()) {
        op.call.onElapsed(config.replicaTimeout(), op::replicaTimeout);
      }
      return;
    }
    op.metering().leader = leader;
    if (selfPrimary) {
      // Admitted here: the primary's copy is this node's store (under DVV payloadOf put it there).
      if (!(version.version() instanceof DottedVersion)) {
        store.merge(key, payload);
      }
      op.markAcked(leader);
      op.acks++;
      List<NodeId> others = new ArrayList<>(targets.length - 1);
      for (int i = 0; i < targets.length; i++) {
        if (i != leader) {
          others.add(targets[i]);
        }
      }
      if (others.isEmpty()) { // this node was the only target: the write is done
        inProgress--;
        op.answered = true;
        meters.writes.increment();
        QuorumMeters.record(meters.writeLatency, 0);
        done.accept(new WriteOk(key, version, 1, 0));
        return;
      }
      op.contacted = others.size() + 1;
      op.metering().othersSent = true;
      op.call = ctx.callAll(others, new WriteRequest(key, payload), config.requestTimeout()).onReply(op).onTimeout(op);
      if (config.hintedHandoff()) {
        op.call.onElapsed(config.replicaTimeout(), op::replicaTimeout);
      }
      op.checkDone();
      return;
    }
    op.leaderPending = true;
    op.contacted = 1;
    Object request;
    if (primaryMints) {
      op.metering().unminted = value;
      op.metering().unmintedContext = context;
      request = new PrimaryWrite(key, value, context == null ? VersionVector.empty() : context);
    } else {
      request = new WriteRequest(key, payload);
    }
    op.call = ctx.callAll(List.of(targets[leader]), request, config.requestTimeout()).onReply(op).onTimeout(op);
    op.call.onElapsed(config.replicaTimeout(), op::primarySilent);
  }

  /** What a write this node minted sends: under DVV its own state of the key after the write, else the version. */
  private Siblings payloadOf(String key, Versioned version) {
    return version.version() instanceof DottedVersion ? coordinateDotted(key, version) : Siblings.of(version);
  }

  /**
   * DVV, this node the key's primary, a {@link PrimaryWrite} it has admitted: mints the write's dot
   * and applies it to its replica state, durably, exactly as for a write it coordinates itself.
   */
  PrimaryWriteAck mintAsPrimary(String key, String value, VersionVector context) {
    Versioned version = new Versioned(value, new DottedVersion(self, nextCounter(false), context));
    return new PrimaryWriteAck(key, coordinateDotted(key, version), version);
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
    Object request = admitWrite != null && !consistent(options, r, n)
        ? new EventualReadRequest(key) : new ReadRequest(key);
    op.call = ctx.callAll(asked, request, config.requestTimeout())
        .onReply(op)
        .onTimeout(op);
    if (op.leaderPending) {
      op.call.onElapsed(config.replicaTimeout(), op::leaderSilent);
    }
  }

  /**
   * Whether a read is strongly consistent in DynamoDB's sense, charged full read units: it is
   * linearizable, or its R replicas overlap the W of the store's default writes (R + W > N).
   */
  private boolean consistent(ReadOptions options, int r, int n) {
    return options.linearizable() || r + config.writeDefaults().required(n) > n;
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
   * What only an operation on metered partitions uses, apart from the operation object so that
   * unmetered operations (the default) allocate no more than before metering existed.
   */
  private static final class Metering {
    /** Replicas that refused the request for their partition's limit, and the longest wait they asked for. */
    int throttles;
    long retryAfterNanos;
    /** A write: which targets refused (null before the first refusal). */
    boolean[] throttledTargets;
    /** A write: the target index of the key's primary replica, or -1 if the targets leave it out. */
    int leader = -1;
    /** A write: it has gone to the targets other than the primary. */
    boolean othersSent;
    /** A write: the primary was silent for the replica timeout; the write went on unmetered. */
    boolean presumedDown;
    /** A DVV write the primary mints: the value and context this node mints with if the primary is presumed down. */
    String unminted;
    VersionVector unmintedContext;
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
    /** Null unless partitions are metered: unmetered operations do not carry what metering needs. */
    Metering metering;

    Op(String key, long start, Consumer<QuorumResult> done) {
      this.key = key;
      this.start = start;
      this.done = done;
    }

    final Metering metering() {
      if (metering == null) {
        metering = new Metering();
      }
      return metering;
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
    /** What the write sends; under DVV with the primary minting, null until the primary admits it. */
    Siblings value;
    /** The version written; under DVV with the primary minting, null until the primary admits it. */
    Versioned written;
    final int required;
    final boolean hintsCounted;
    final NodeId[] targets;
    /** Which targets acknowledged: bit i for target i (up to 64), else the array. */
    long ackedBits;
    final boolean[] ackedBeyond;
    final List<NodeId> walk;
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
      return metering != null && metering.throttledTargets != null && metering.throttledTargets[i];
    }

    /** The target index of the key's primary replica when partitions are metered, else -1. */
    int leader() {
      return metering == null ? -1 : metering.leader;
    }

    boolean presumedDown() {
      return metering != null && metering.presumedDown;
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
          if (leaderPending && i == leader()) {
            leaderPending = false;
            sendOthers();
          }
          checkDone();
        }
      } else if (m instanceof PrimaryWriteAck a && indexOf(targets, e.from()) == leader()) {
        // The primary admitted the write, minted its dot and stored it: its state goes to the others.
        if (leaderPending) {
          value = a.state();
          written = a.written();
          leaderPending = false;
          sendOthers();
        }
        // Presumed down before it answered, the primary stored the write under its own dot as
        // well as this node's: the same value twice, as a retried write would be. It holds it.
        if (!acked(leader())) {
          markAcked(leader());
          acks++;
        }
        checkDone();
      } else if (m instanceof ThrottledReply t) {
        int i = indexOf(targets, e.from());
        if (i >= 0 && !acked(i) && !throttledAt(i) && !(i == leader() && presumedDown())) {
          Metering mt = metering();
          if (mt.throttledTargets == null) {
            mt.throttledTargets = new boolean[targets.length];
          }
          mt.throttledTargets[i] = true;
          mt.throttles++;
          mt.retryAfterNanos = Math.max(mt.retryAfterNanos, t.retryAfterNanos());
          if (!answered && (i == mt.leader || mt.throttles > targets.length - required)) {
            answered = true;
            meters.writesThrottled.increment();
            done.accept(new Throttled(key, "write", required, mt.throttles, contacted,
                Duration.ofNanos(mt.retryAfterNanos), 1));
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
          if (!acked(i) && !throttledAt(i) && !(i == leader() && presumedDown())) {
            handOff(targets[i]);
          }
        }
      }
      checkDone();
    }

    /**
     * Metered, the primary has admitted the write or is presumed down: the write goes to the other
     * targets on the same call; they are presumed down if silent for a replica timeout from now.
     */
    void sendOthers() {
      Metering mt = metering();
      if (mt.othersSent) {
        return;
      }
      mt.othersSent = true;
      WriteRequest request = new WriteRequest(key, value);
      for (int i = 0; i < targets.length; i++) {
        if (i != mt.leader) {
          contacted++;
          call.ask(targets[i], request);
        }
      }
      if (config.hintedHandoff()) {
        ctx.schedule(config.replicaTimeout(), () -> {
          if (!call.isDone()) {
            replicaTimeout();
          }
        });
      }
    }

    /** Metered: the primary was silent for the replica timeout, presumed down: go on unmetered. */
    void primarySilent() {
      if (!leaderPending) {
        return;
      }
      leaderPending = false;
      Metering mt = metering();
      mt.presumedDown = true;
      if (value == null) { // DVV: the primary never minted, so this node does, as for an unmetered write
        written = new Versioned(mt.unminted, newVersion(key, mt.unmintedContext, null, 0));
        value = coordinateDotted(key, written);
      }
      if (config.hintedHandoff()) {
        handOff(targets[mt.leader]);
      }
      sendOthers();
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
      Metering mt = metering();
      mt.throttles++;
      mt.retryAfterNanos = Math.max(mt.retryAfterNanos, t.retryAfterNanos());
      if (phase == QUERY && !answered && (i == 0 || mt.throttles > contacted - required)) {
        answered = true;
        meters.readsThrottled.increment();
        done.accept(new Throttled(key, "read", required, mt.throttles, contacted, Duration.ofNanos(mt.retryAfterNanos), 1));
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
