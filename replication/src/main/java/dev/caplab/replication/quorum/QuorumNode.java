package dev.caplab.replication.quorum;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.ClientRead;
import dev.caplab.replication.quorum.QuorumMessage.ClientReply;
import dev.caplab.replication.quorum.QuorumMessage.ClientWrite;
import dev.caplab.replication.quorum.QuorumMessage.EventualReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.HintAck;
import dev.caplab.replication.quorum.QuorumMessage.HintReplay;
import dev.caplab.replication.quorum.QuorumMessage.HintReplayAck;
import dev.caplab.replication.quorum.QuorumMessage.HintedWrite;
import dev.caplab.replication.quorum.QuorumMessage.MerkleCompare;
import dev.caplab.replication.quorum.QuorumMessage.MerkleSync;
import dev.caplab.replication.quorum.QuorumMessage.PrimaryWrite;
import dev.caplab.replication.quorum.QuorumMessage.ReadRequest;
import dev.caplab.replication.quorum.QuorumMessage.ReadResponse;
import dev.caplab.replication.quorum.QuorumMessage.RepairWrite;
import dev.caplab.replication.quorum.QuorumMessage.ThrottledReply;
import dev.caplab.replication.quorum.QuorumMessage.WriteAck;
import dev.caplab.replication.quorum.QuorumMessage.WriteRequest;
import dev.caplab.replication.version.VersionVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A store node: a replica for the keys whose preference list names it, a coordinator for any
 * key (Dynamo style: every node can coordinate), a fallback holding hints for unreachable
 * replicas, and an anti-entropy participant. Built by {@link QuorumCluster}.
 *
 * <p>With {@link PartitionCapacity partition limits} on, a node meters the partitions it is the
 * primary replica of (the first of the preference list, the partition's admission point): it
 * admits a write or read request only if the key's partition has a unit left, and answers the
 * others with a throttle (storing nothing). A request costs its item's size in DynamoDB's
 * capacity units ({@link ItemSize}). A metered write reaches the other replicas only once its
 * primary has admitted it, so a refused write is stored nowhere; under DVV a primary asked with a
 * {@code PrimaryWrite} also mints the write's dot. Other replicas admit everything; repairs, hints
 * and anti-entropy are background work and never throttled.
 *
 * <p>Durable state (the replica's data, hints, the vector-clock counter, partition split points) lives in node storage;
 * everything else (operations in progress, timers) is lost in a crash, as on a real server.
 *
 * <p>The {@code read}/{@code write} methods start an operation coordinated by this node, for
 * callers inside the simulation (a scheduled action, another handler of this node): a PBS
 * measurement can start a read exactly t after a write committed at the same coordinator. Not
 * thread-safe: the simulation thread only.
 */
public final class QuorumNode implements Node {

  private final QuorumConfig config;
  private final List<String> storeNodes;
  private NodeContext ctx;
  private ReplicaStore store;
  private Coordinator coordinator;
  private HintedHandoff hints;
  private AntiEntropy antiEntropy;
  private QuorumMeters meters;
  private Placement placement;
  /** Partition limits, or null when the store has none. */
  private PartitionTable partitions;

  QuorumNode(QuorumConfig config, List<String> storeNodes) {
    this.config = config;
    this.storeNodes = storeNodes;
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    List<NodeId> members = new ArrayList<>(storeNodes.size());
    for (String name : storeNodes) {
      members.add(ctx.node(name));
    }
    this.placement = new Placement(config, members);
    this.meters = new QuorumMeters(ctx.metrics(), ctx.id().name());
    this.store = new ReplicaStore(ctx.storage(), config.syncWrites());
    this.hints = new HintedHandoff(ctx, placement, store, meters);
    if (config.partitionCapacity().enabled()) {
      this.partitions = new PartitionTable(config.partitionCapacity(), placement.ring.tokens(), savedSplitPoints(),
          ctx::now, this::splitTookEffect);
    }
    this.coordinator = new Coordinator(ctx, placement, hints, store, meters,
        partitions == null ? null : partitions::admitWrite);
    this.antiEntropy = new AntiEntropy(ctx, placement, store, meters);
    hints.start();
    antiEntropy.start();
  }

  /** Whether this node admits requests of {@code key}: partitions are limited and it is the key's primary. */
  private boolean meters(String key) {
    return partitions != null && placement.preference(key)[0].equals(ctx.id());
  }

  /** Storage key of the split points of this replica's partitions, which survive a crash. */
  static final String SPLIT_POINTS = "m/partition-splits";

  private List<Long> savedSplitPoints() {
    long[] saved = (long[]) ctx.storage().get(SPLIT_POINTS);
    List<Long> out = new ArrayList<>();
    if (saved != null) {
      for (long p : saved) {
        out.add(p);
      }
    }
    return out;
  }

  private void splitTookEffect(long lower, long mid, long upper, long atNanos) {
    long[] saved = (long[]) ctx.storage().get(SPLIT_POINTS);
    long[] next = saved == null ? new long[1] : Arrays.copyOf(saved, saved.length + 1);
    next[next.length - 1] = mid;
    ctx.storage().put(SPLIT_POINTS, next);
    ctx.storage().sync();
    meters.partitionSplits.increment();
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    Object m = e.message();
    // Most frequent first: the four legs of reads and writes.
    if (m instanceof WriteRequest w) {
      long wait = meters(w.key()) ? partitions.admitWrite(w.key(), ItemSize.writeUnits(ItemSize.bytes(w.key(), w.value())))
          : 0;
      if (wait > 0) {
        meters.replicaWriteThrottles.increment();
        ctx.reply(e, new ThrottledReply(w.key(), wait));
        return;
      }
      store.merge(w.key(), w.value());
      ctx.reply(e, new WriteAck(w.key()));
    } else if (m instanceof ReadRequest r) {
      read(e, r.key(), true);
    } else if (m instanceof ClientRead r) {
      coordinator.read(r.key(), r.options(), result -> ctx.reply(e, new ClientReply(result)));
    } else if (m instanceof ClientWrite w) {
      coordinator.write(w.key(), w.value(), w.context(), w.actor(), w.actorCounter(), w.options(),
          result -> ctx.reply(e, new ClientReply(result)));
    } else if (m instanceof RepairWrite r) {
      store.merge(r.key(), r.value());
      if (e.awaitsReply()) {
        ctx.reply(e, new WriteAck(r.key()));
      }
    } else if (m instanceof HintedWrite h) {
      hints.store(h.owner(), h.key(), h.value());
      ctx.reply(e, new HintAck(h.key()));
    } else if (m instanceof HintReplay h) {
      store.merge(h.key(), h.value());
      ctx.reply(e, new HintReplayAck(h.key()));
    } else if (m instanceof MerkleCompare c) {
      antiEntropy.onCompare(e, c);
    } else if (m instanceof MerkleSync s) {
      antiEntropy.onSync(e, s);
    } else if (m instanceof EventualReadRequest r) {
      read(e, r.key(), false);
    } else if (m instanceof PrimaryWrite p) {
      long wait = meters(p.key())
          ? partitions.admitWrite(p.key(), ItemSize.writeUnits(ItemSize.bytes(p.key(), null) + ItemSize.utf8(p.value())))
          : 0;
      if (wait > 0) {
        meters.replicaWriteThrottles.increment();
        ctx.reply(e, new ThrottledReply(p.key(), wait));
        return;
      }
      ctx.reply(e, coordinator.mintAsPrimary(p.key(), p.value(), p.context()));
    }
    // Anything else is a late reply to an operation that is over: nothing to do.
  }

  /** Answers a replica read; if this node meters the key, only once it admits the item's read units. */
  private void read(Envelope e, String key, boolean consistent) {
    Siblings state = store.get(key);
    long wait = meters(key) ? partitions.admitRead(key, ItemSize.readHalfUnits(ItemSize.bytes(key, state), consistent)) : 0;
    if (wait > 0) {
      meters.replicaReadThrottles.increment();
      ctx.reply(e, new ThrottledReply(key, wait));
      return;
    }
    ctx.reply(e, new ReadResponse(key, state));
  }

  /** Reads {@code key} with this node as coordinator; {@code done} gets the result here, later. */
  public void read(String key, ReadOptions options, Consumer<QuorumResult> done) {
    requireStarted();
    coordinator.read(key, Objects.requireNonNull(options, "options"), done);
  }

  /**
   * Writes {@code key} with this node as coordinator. Under VECTOR versioning the write's clock
   * is {@code context} (null for none) advanced at this coordinator; under DVV the write gets a
   * new dot of this node and supersedes exactly the versions {@code context} contains.
   */
  public void write(String key, String value, VersionVector context, WriteOptions options, Consumer<QuorumResult> done) {
    requireStarted();
    coordinator.write(key, value, context, null, 0, Objects.requireNonNull(options, "options"), done);
  }

  /** This replica's state of {@code key}, or null. */
  public Siblings get(String key) {
    requireStarted();
    return store.get(key);
  }

  /**
   * Key ranges this replica's partition table holds (ring ranges plus splits), or 0 when the store
   * has no {@link PartitionCapacity partition limits}.
   */
  public int partitionCount() {
    requireStarted();
    return partitions == null ? 0 : partitions.partitionCount();
  }

  /** Hints this node holds for other replicas. */
  public int hintsHeld() {
    requireStarted();
    return hints.size();
  }

  /** Operations this node coordinates that have not finished (answered ones may still repair). */
  public int operationsInProgress() {
    requireStarted();
    return coordinator.inProgress();
  }

  public NodeId id() {
    requireStarted();
    return ctx.id();
  }

  private void requireStarted() {
    if (ctx == null) {
      throw new IllegalStateException("the node has not started yet: run the simulation past its start first");
    }
  }
}
