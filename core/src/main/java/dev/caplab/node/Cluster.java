package dev.caplab.node;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.Network;
import dev.caplab.net.NetworkStats;
import dev.caplab.net.NodeId;
import dev.caplab.sim.EventSink;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The node runtime of one simulation: nodes with their handlers, capacity, storage and clocks,
 * connected by a {@link Network}. Crashes and restarts happen here.
 *
 * <p>A node starts as soon as it is added (its {@code onStart} runs in an event at the current
 * time) and handles no message before its {@code onStart}: one that arrives first, as one can at
 * the instant of a restart, waits for it. {@link #crash} loses the node's fields, timers, pending
 * calls, queued messages and unsynced storage writes; {@link #restart} builds a fresh instance
 * from the factory on the surviving storage.
 *
 * <p>Not thread-safe: configure and run on the simulation thread.
 */
public final class Cluster implements Network.Receiver, EventSink {

  static final int START = 1;
  static final int TIMER = 2;
  static final int CALL_TIMEOUT = 3;
  static final int SERVICE_DONE = 4;

  private final Simulation simulation;
  private final Network network;
  private final MeterRegistry registry;
  private final int sink;
  private NodeRuntime[] runtimes = new NodeRuntime[8]; // by node index

  private Cluster(Simulation simulation, MeterRegistry registry) {
    this.simulation = simulation;
    this.registry = registry;
    this.network = new Network(simulation, this);
    this.sink = simulation.registerSink(this);
    bindNetworkMeters();
  }

  /** A cluster on {@code simulation} with a meter registry on simulated time. */
  public static Cluster create(Simulation simulation) {
    Objects.requireNonNull(simulation, "simulation");
    return new Cluster(simulation, dev.caplab.metrics.SimulatedMeterRegistry.create(simulation.ticker()));
  }

  public Simulation simulation() {
    return simulation;
  }

  public Network network() {
    return network;
  }

  /** The registry that holds network and per-node meters, on simulated time. */
  public MeterRegistry metrics() {
    return registry;
  }

  /** Adds a node with default options; {@code factory} is called again on each restart. */
  public NodeId add(String name, Supplier<? extends Node> factory) {
    return add(name, NodeOptions.ofDefaults(), factory);
  }

  /** Adds a node; it starts at the current time. */
  public NodeId add(String name, NodeOptions options, Supplier<? extends Node> factory) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(factory, "factory");
    NodeId id = network.register(name);
    NodeRuntime rt = new NodeRuntime(this, id, options, factory);
    if (id.index() == runtimes.length) {
      runtimes = java.util.Arrays.copyOf(runtimes, runtimes.length * 2);
    }
    runtimes[id.index()] = rt;
    bindNodeMeters(rt);
    rt.boot();
    return id;
  }

  /** The id of the node named {@code name}. */
  public NodeId id(String name) {
    return network.id(name);
  }

  /** Every node id, in the order added. */
  public List<NodeId> ids() {
    return network.ids();
  }

  /** The options the node was added with. */
  public NodeOptions options(NodeId node) {
    return runtime(node).options;
  }

  public boolean isUp(NodeId node) {
    return runtime(node).up;
  }

  /** Crashes a running node. */
  public void crash(NodeId node) {
    NodeRuntime rt = runtime(node);
    if (!rt.up) {
      throw new IllegalStateException("cannot crash node " + node + ": it is already down");
    }
    rt.crash();
  }

  /** Restarts a crashed node from its factory and durable storage. */
  public void restart(NodeId node) {
    NodeRuntime rt = runtime(node);
    if (rt.up) {
      throw new IllegalStateException("cannot restart node " + node + ": it is running");
    }
    rt.boot();
  }

  /** The node's current instance (null while it is down), for inspection by tests and reports. */
  public Node node(NodeId node) {
    return runtime(node).node;
  }

  /** The node's current instance as {@code type}. */
  public <T extends Node> T node(NodeId node, Class<T> type) {
    return type.cast(node(node));
  }

  /** The node's storage (it survives crashes). */
  public Storage storage(NodeId node) {
    return runtime(node).storage;
  }

  /** The node's local clock. */
  public NodeClock clock(NodeId node) {
    return runtime(node).clock;
  }

  /** Sets how far the node's clock is from true time (positive = ahead). */
  public void setClockOffset(NodeId node, Duration offset) {
    long nanos = NodeClock.requireOffset("offset", offset);
    runtime(node).clock.setOffset(nanos);
    simulation.trace().record(TraceKind.FAULT, node.index(), -1, nanos, "clock offset " + offset);
  }

  /** Sets the node's clock drift rate, in (-1, 1). */
  public void setClockDrift(NodeId node, double drift) {
    runtime(node).clock.setDrift(drift);
    simulation.trace().record(TraceKind.FAULT, node.index(), -1, Double.doubleToLongBits(drift), "clock drift " + drift);
  }

  /** Messages waiting in the node's inbox. */
  public int inboxDepth(NodeId node) {
    return runtime(node).inbox.size();
  }

  /** Messages the node's handlers have processed since the start (across restarts). */
  public long handled(NodeId node) {
    return runtime(node).handled;
  }

  /** Shorthand for {@code network().stats()}. */
  public NetworkStats stats() {
    return network.stats();
  }

  @Override
  public void arrive(Envelope envelope) {
    runtimes[envelope.to().index()].arrive(envelope);
  }

  @Override
  public void onEvent(int kind, long aux, Object payload) {
    NodeRuntime rt = runtimes[(int) aux];
    int incarnation = (int) (aux >>> 32);
    rt.onEvent(kind, incarnation, payload);
  }

  void schedule(long delayNanos, int kind, NodeRuntime rt, Object payload) {
    simulation.schedule(delayNanos, sink, kind, ((long) rt.incarnation << 32) | rt.id.index(), payload);
  }

  NodeRuntime runtime(NodeId node) {
    network.require(node);
    return runtimes[node.index()];
  }

  private void bindNetworkMeters() {
    NetworkStats s = network.stats();
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::sent).tag("outcome", "sent").register(registry);
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::delivered).tag("outcome", "delivered").register(registry);
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::duplicated).tag("outcome", "duplicated").register(registry);
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder("caplab.network.dropped", s, st -> st.dropped(r))
          .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
    Gauge.builder("caplab.network.inflight", s, NetworkStats::inFlight).register(registry);
  }

  private void bindNodeMeters(NodeRuntime rt) {
    String name = rt.id.name();
    FunctionCounter.builder("caplab.node.handled", rt, r -> r.handled).tag("node", name).register(registry);
    Gauge.builder("caplab.node.inbox", rt, r -> r.inbox.size()).tag("node", name).register(registry);
    Gauge.builder("caplab.node.up", rt, r -> r.up ? 1 : 0).tag("node", name).register(registry);
  }
}
