package dev.caplab.sim.internal;

import dev.caplab.net.DeliveryListener;
import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.Network;
import dev.caplab.net.NetworkStats;
import dev.caplab.net.NodeId;
import dev.caplab.sim.TraceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The simulated {@link Network}: besides the fault API, the runtime side users do not see:
 * {@link #register} addresses, {@link #send} messages after a sampled latency, and report their
 * outcome with {@link #delivered} and {@link #drop}.
 *
 * <p>All randomness comes from the simulation's {@code "network"} stream. Per-link state is kept
 * in arrays indexed by node index, so a send costs no hash lookups. Message ids are unique per
 * sender (a counter per node), so a node's ids do not depend on what other nodes send.
 *
 * <p>Not thread-safe: used on the simulation thread. The receiver is the node runtime that takes
 * arriving messages.
 */
public final class SimNetwork extends Network implements EventSink {

  /** Takes messages that arrived at their destination through an open link. */
  @FunctionalInterface
  public interface Receiver {
    /** Called at arrival time; the receiver reports the outcome with delivered/dropped. */
    void arrive(Envelope envelope);
  }

  private static final int DELIVER = 1;

  private final EventLoop simulation;
  private final TraceRecorder trace;
  private final Receiver receiver;
  private final int sink;
  private final RandomGenerator random;
  private final NetworkCounters stats = new NetworkCounters();
  private final Map<String, NodeId> byName = new LinkedHashMap<>();
  private NodeId[] ids = new NodeId[0];
  private int size;
  private int dim;
  private LinkProfile[] overrides = new LinkProfile[0];
  private boolean[] blocked = new boolean[0];
  private long[] lastArrival = new long[0];
  private int blockedLinks;
  private LinkProfile defaultProfile = LinkProfile.ofDefaults();
  private long[] nextEnvelopeId = new long[0]; // by sender index: the last id it used
  private DeliveryListener[] listeners = new DeliveryListener[0];

  public SimNetwork(EventLoop simulation, Receiver receiver) {
    this.simulation = Objects.requireNonNull(simulation, "simulation");
    this.trace = simulation.recorder();
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.sink = simulation.registerSink(this);
    this.random = simulation.random("network");
  }

  /** Adds an address; names are unique within a network. */
  public NodeId register(String name) {
    NodeId.requireValidName(name);
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("node name must be unique, '" + name + "' is already registered");
    }
    NodeId id = new NodeId(name, size);
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, Math.max(8, size * 2));
      nextEnvelopeId = Arrays.copyOf(nextEnvelopeId, ids.length);
    }
    ids[size++] = id;
    byName.put(name, id);
    if (size > dim) {
      resize(Math.max(8, dim * 2));
    }
    return id;
  }

  @Override
  public NodeId id(String name) {
    NodeId id = byName.get(name);
    if (id == null) {
      throw new IllegalArgumentException("unknown node '" + name + "'; known nodes: " + byName.keySet());
    }
    return id;
  }

  @Override
  public List<NodeId> ids() {
    return List.of(Arrays.copyOf(ids, size));
  }

  @Override
  public int size() {
    return size;
  }

  /** Checks that {@code id} belongs to this network and returns it. */
  public NodeId require(NodeId id) {
    Objects.requireNonNull(id, "node");
    int i = id.index();
    // Ids are handed out here, so the identity test settles almost every call; equals is the rule.
    if (i < 0 || i >= size || (ids[i] != id && !ids[i].equals(id))) {
      throw new IllegalArgumentException("unknown node " + id + "; known nodes: " + byName.keySet());
    }
    return id;
  }

  @Override
  public NetworkStats stats() {
    return stats;
  }

  @Override
  public LinkProfile defaultProfile() {
    return defaultProfile;
  }

  @Override
  public void setDefaultProfile(LinkProfile profile) {
    this.defaultProfile = Objects.requireNonNull(profile, "profile");
    // The label is fixed text: a user's LatencyModel may not have a deterministic toString.
    trace.record(TraceKind.FAULT, -1, -1, profileFingerprint(profile), "default link changed");
  }

  @Override
  public void setLink(NodeId from, NodeId to, LinkProfile profile) {
    require(from);
    require(to);
    overrides[from.index() * dim + to.index()] = Objects.requireNonNull(profile, "profile");
    trace.record(TraceKind.FAULT, from.index(), to.index(), profileFingerprint(profile), "link changed");
  }

  @Override
  public void resetLink(NodeId from, NodeId to) {
    require(from);
    require(to);
    overrides[from.index() * dim + to.index()] = null;
    trace.record(TraceKind.FAULT, from.index(), to.index(), 0, "link reset");
  }

  @Override
  public LinkProfile profile(NodeId from, NodeId to) {
    require(from);
    require(to);
    return profileAt(from.index() * dim + to.index());
  }

  @Override
  public void partition(List<? extends Collection<NodeId>> groups) {
    Objects.requireNonNull(groups, "groups");
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("partition needs at least one group, got none");
    }
    int[] group = new int[size];
    Arrays.fill(group, -1);
    for (int g = 0; g < groups.size(); g++) {
      Collection<NodeId> members = Objects.requireNonNull(groups.get(g), "group " + g);
      if (members.isEmpty()) {
        throw new IllegalArgumentException("partition group " + g + " must not be empty");
      }
      for (NodeId n : members) {
        require(n);
        if (group[n.index()] >= 0) {
          throw new IllegalArgumentException("partition groups must not overlap: node " + n
              + " is in group " + group[n.index()] + " and group " + g);
        }
        group[n.index()] = g;
      }
    }
    for (int i = 0; i < size; i++) {
      if (group[i] < 0) {
        group[i] = groups.size();
      }
    }
    clearBlocks();
    for (int a = 0; a < size; a++) {
      for (int b = 0; b < size; b++) {
        if (group[a] != group[b]) {
          block(a, b);
        }
      }
    }
    trace.record(TraceKind.FAULT, -1, -1, groups.size(), "partition " + describe(groups));
  }

  @Override
  public void isolate(NodeId node) {
    require(node);
    for (int i = 0; i < size; i++) {
      if (i != node.index()) {
        block(node.index(), i);
        block(i, node.index());
      }
    }
    trace.record(TraceKind.FAULT, node.index(), -1, 0, "isolate " + node);
  }

  @Override
  public void cut(NodeId from, NodeId to) {
    require(from);
    require(to);
    if (from.equals(to)) {
      throw new IllegalArgumentException("cut needs two different nodes, got " + from + " twice");
    }
    block(from.index(), to.index());
    trace.record(TraceKind.FAULT, from.index(), to.index(), 0, "cut " + from + "->" + to);
  }

  @Override
  public void bridge(Collection<NodeId> left, NodeId shared, Collection<NodeId> right) {
    require(shared);
    if (left.isEmpty() || right.isEmpty()) {
      throw new IllegalArgumentException("bridge halves must not be empty, got left=" + left + " right=" + right);
    }
    List<NodeId> named = new ArrayList<>(left);
    named.addAll(right);
    named.add(shared);
    boolean[] seen = new boolean[size];
    for (NodeId n : named) {
      require(n);
      if (seen[n.index()]) {
        throw new IllegalArgumentException("bridge sides must not overlap: node " + n + " appears twice");
      }
      seen[n.index()] = true;
    }
    if (named.size() != size) {
      throw new IllegalArgumentException("bridge must name every node once; " + (size - named.size())
          + " of " + size + " nodes are in no side");
    }
    clearBlocks();
    for (NodeId a : left) {
      for (NodeId b : right) {
        block(a.index(), b.index());
        block(b.index(), a.index());
      }
    }
    trace.record(TraceKind.FAULT, shared.index(), -1, 0,
        "bridge " + names(left) + " <" + shared + "> " + names(right));
  }

  @Override
  public void heal() {
    clearBlocks();
    trace.record(TraceKind.FAULT, -1, -1, 0, "heal");
  }

  @Override
  public boolean canReach(NodeId from, NodeId to) {
    require(from);
    require(to);
    return !blocked[from.index() * dim + to.index()];
  }

  @Override
  public boolean isPartitioned() {
    return blockedLinks > 0;
  }

  /**
   * Sends a message and returns its envelope. Loss, partition and latency are applied here; the
   * receiver is told at arrival.
   */
  public Envelope send(NodeId from, NodeId to, Object message, long inReplyTo, boolean awaitsReply) {
    require(from);
    require(to);
    Objects.requireNonNull(message, "message");
    long now = simulation.now();
    Envelope e = new Envelope(++nextEnvelopeId[from.index()], from, to, message, now, inReplyTo, awaitsReply);
    stats.onSent();
    int f = from.index();
    int t = to.index();
    int link = f * dim + t;
    Class<?> type = message.getClass();
    trace.record(TraceKind.SEND, f, t, e.id(), type);
    if (blocked[link]) {
      drop(e, DropReason.PARTITION);
      return e;
    }
    LinkProfile p = profileAt(link);
    double loss = p.loss();
    if (loss > 0 && random.nextDouble() < loss) {
      drop(e, DropReason.LOSS);
      return e;
    }
    LatencyModel latency = p.latencyFor(type);
    schedule(e, now, link, p, latency);
    double duplication = p.duplication();
    if (duplication > 0 && random.nextDouble() < duplication) {
      stats.onDuplicated();
      trace.record(TraceKind.DUPLICATE, f, t, e.id(), type);
      schedule(e, now, link, p, latency);
    }
    return e;
  }

  private void schedule(Envelope e, long now, int link, LinkProfile p, LatencyModel latency) {
    long delay = latency.sampleNanos(random);
    if (p.fifo()) {
      long arrival = Math.max(now + delay, lastArrival[link]);
      lastArrival[link] = arrival;
      delay = arrival - now;
    }
    simulation.schedule(delay, sink, DELIVER, 0, e);
  }

  @Override
  public void onEvent(int kind, long aux, Object payload) {
    Envelope e = (Envelope) payload;
    if (blocked[e.from().index() * dim + e.to().index()]) {
      drop(e, DropReason.PARTITION);
      return;
    }
    receiver.arrive(e);
  }

  /** Records that {@code e} reached its handler (called by the receiver, before the handler runs). */
  public void delivered(Envelope e) {
    stats.onDelivered();
    trace.record(TraceKind.DELIVER, e.from().index(), e.to().index(), e.id(), e.message().getClass());
    for (DeliveryListener l : listeners) {
      l.delivered(e, simulation.now());
    }
  }

  @Override
  public void addDeliveryListener(DeliveryListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners = Arrays.copyOf(listeners, listeners.length + 1);
    listeners[listeners.length - 1] = listener;
  }

  /** Records that {@code e} was lost for {@code reason} (also called by the receiver). */
  public void drop(Envelope e, DropReason reason) {
    stats.onDropped(reason);
    trace.record(TraceKind.DROP, e.from().index(), e.to().index(), e.id(), reason);
  }

  /** What of a profile can be hashed deterministically: its numbers, not its models' text. */
  private static long profileFingerprint(LinkProfile p) {
    long h = Double.doubleToLongBits(p.loss()) * 31 + Double.doubleToLongBits(p.duplication());
    h = h * 31 + (p.fifo() ? 1 : 0);
    h = h * 31 + Double.doubleToLongBits(p.latency().meanNanos());
    return h * 31 + p.latencyByKind().size();
  }

  private LinkProfile profileAt(int link) {
    LinkProfile p = overrides[link];
    return p != null ? p : defaultProfile;
  }

  private void block(int from, int to) {
    int link = from * dim + to;
    if (!blocked[link]) {
      blocked[link] = true;
      blockedLinks++;
    }
  }

  private void clearBlocks() {
    Arrays.fill(blocked, false);
    blockedLinks = 0;
  }

  private void resize(int newDim) {
    LinkProfile[] o = new LinkProfile[newDim * newDim];
    boolean[] b = new boolean[newDim * newDim];
    long[] l = new long[newDim * newDim];
    for (int i = 0; i < dim; i++) {
      System.arraycopy(overrides, i * dim, o, i * newDim, dim);
      System.arraycopy(blocked, i * dim, b, i * newDim, dim);
      System.arraycopy(lastArrival, i * dim, l, i * newDim, dim);
    }
    overrides = o;
    blocked = b;
    lastArrival = l;
    dim = newDim;
  }

  private static String describe(List<? extends Collection<NodeId>> groups) {
    return groups.stream().map(SimNetwork::names).collect(Collectors.joining(" "));
  }

  private static String names(Collection<NodeId> nodes) {
    return nodes.stream().map(NodeId::name).collect(Collectors.joining(",", "[", "]"));
  }
}
