package dev.caplab.sim.internal;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.NetworkStats;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeClock;
import dev.caplab.node.NodeOptions;
import dev.caplab.sim.TraceKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The simulator's node runtime for one cluster: it takes the messages the {@link SimNetwork}
 * delivers and the events the {@link EventLoop} hands back, and dispatches both to the right
 * {@link NodeRuntime}. {@code dev.caplab.node.Cluster} is its user-facing side.
 *
 * <p>Not thread-safe: the simulation thread.
 */
public final class SimCluster implements SimNetwork.Receiver, EventSink {

  static final int START = 1;
  static final int TIMER = 2;
  static final int CALL_TIMEOUT = 3;
  static final int SERVICE_DONE = 4;
  static final int DEADLINES = 5;

  private final EventLoop simulation;
  private final SimNetwork network;
  private final MeterRegistry registry;
  private final int sink;
  private NodeRuntime[] runtimes = new NodeRuntime[8]; // by node index

  public SimCluster(EventLoop simulation, MeterRegistry registry) {
    this.simulation = simulation;
    this.registry = registry;
    this.network = new SimNetwork(simulation, this);
    this.sink = simulation.registerSink(this);
    bindNetworkMeters();
  }

  public EventLoop simulation() {
    return simulation;
  }

  public SimNetwork network() {
    return network;
  }

  public MeterRegistry metrics() {
    return registry;
  }

  /** Adds a node with its (already configured) clock; it starts at the current time. */
  public NodeId add(String name, NodeOptions options, Supplier<? extends Node> factory, NodeClock clock) {
    NodeId id = network.register(name);
    NodeRuntime rt = new NodeRuntime(this, id, options, factory, clock);
    if (id.index() == runtimes.length) {
      runtimes = Arrays.copyOf(runtimes, runtimes.length * 2);
    }
    runtimes[id.index()] = rt;
    bindNodeMeters(rt);
    rt.boot();
    return id;
  }

  /** The runtime of {@code node}, which must belong to this cluster. */
  public NodeRuntime runtime(NodeId node) {
    network.require(node);
    return runtimes[node.index()];
  }

  /** Records a fault injected outside the network (a clock change) in the trace. */
  public void traceFault(NodeId node, long detail, String label) {
    simulation.recorder().record(TraceKind.FAULT, node.index(), -1, detail, label);
  }

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

  private void bindNetworkMeters() {
    NetworkStats s = network.stats();
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::sent).tag("outcome", "sent").register(registry);
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::delivered).tag("outcome", "delivered").register(registry);
    FunctionCounter.builder("caplab.network.messages", s, NetworkStats::duplicated).tag("outcome", "duplicated").register(registry);
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder("caplab.network.dropped", s, st -> st.dropped(r))
          .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(registry);
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
