package dev.caplab.node;

import dev.caplab.config.Require;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.net.Network;
import dev.caplab.net.NetworkStats;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.internal.EventLoop;
import dev.caplab.sim.internal.NodeRuntime;
import dev.caplab.sim.internal.SimCluster;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Nodes on one simulation, connected by a simulated {@link Network}: what a scenario or test uses
 * to build a system, break it and look inside it. Add nodes, crash and restart them, skew their
 * clocks, and inspect their instances, storage and counters; inject network faults through
 * {@link #network()}.
 *
 * <p>A node starts as soon as it is added (its {@code onStart} runs in an event at the current
 * time) and handles no message before its {@code onStart}: one that arrives first, as one can at
 * the instant of a restart, waits for it. {@link #crash} loses the node's fields, timers, pending
 * calls, queued messages and unsynced storage writes; {@link #restart} builds a fresh instance
 * from the factory on the surviving storage.
 *
 * <p>Not thread-safe: configure and run on the simulation thread.
 */
public final class Cluster {

  private final Simulation simulation;
  private final SimCluster runtime;

  private Cluster(Simulation simulation) {
    this.simulation = simulation;
    this.runtime = new SimCluster(EventLoop.of(simulation), SimulatedMeterRegistry.create(simulation.ticker()));
  }

  /**
   * A cluster on {@code simulation} with a meter registry on simulated time.
   *
   * @throws IllegalArgumentException if {@code simulation} was not made by {@link Simulation#builder()}
   */
  public static Cluster create(Simulation simulation) {
    Objects.requireNonNull(simulation, "simulation");
    return new Cluster(simulation);
  }

  public Simulation simulation() {
    return simulation;
  }

  public Network network() {
    return runtime.network();
  }

  /** The registry that holds network and per-node meters, on simulated time. */
  public MeterRegistry metrics() {
    return runtime.metrics();
  }

  /** Adds a node with default options; {@code factory} is called again on each restart. */
  public NodeId add(String name, Supplier<? extends Node> factory) {
    return add(name, NodeOptions.ofDefaults(), factory);
  }

  /** Adds a node; it starts at the current time. */
  public NodeId add(String name, NodeOptions options, Supplier<? extends Node> factory) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(factory, "factory");
    NodeClock clock = new NodeClock(simulation.ticker());
    clock.setOffset(options.clockOffset().toNanos());
    clock.setDrift(options.clockDrift());
    return runtime.add(name, options, factory, clock);
  }

  /** The id of the node named {@code name}. */
  public NodeId id(String name) {
    return runtime.network().id(name);
  }

  /** Every node id, in the order added. */
  public List<NodeId> ids() {
    return runtime.network().ids();
  }

  /** The options the node was added with. */
  public NodeOptions options(NodeId node) {
    return runtime.runtime(node).options();
  }

  public boolean isUp(NodeId node) {
    return runtime.runtime(node).isUp();
  }

  /** Crashes a running node. */
  public void crash(NodeId node) {
    NodeRuntime rt = runtime.runtime(node);
    if (!rt.isUp()) {
      throw new IllegalStateException("cannot crash node " + node + ": it is already down");
    }
    rt.crash();
  }

  /** Restarts a crashed node from its factory and durable storage. */
  public void restart(NodeId node) {
    NodeRuntime rt = runtime.runtime(node);
    if (rt.isUp()) {
      throw new IllegalStateException("cannot restart node " + node + ": it is running");
    }
    rt.boot();
  }

  /** The node's current instance (null while it is down), for inspection by tests and reports. */
  public Node node(NodeId node) {
    return runtime.runtime(node).node();
  }

  /** The node's current instance as {@code type}. */
  public <T extends Node> T node(NodeId node, Class<T> type) {
    return type.cast(node(node));
  }

  /** The node's storage (it survives crashes). */
  public Storage storage(NodeId node) {
    return runtime.runtime(node).storage();
  }

  /** The node's local clock. */
  public NodeClock clock(NodeId node) {
    return (NodeClock) runtime.runtime(node).clock();
  }

  /** Sets how far the node's clock is from true time (positive = ahead). */
  public void setClockOffset(NodeId node, Duration offset) {
    long nanos = Require.nanos("offset", offset);
    clock(node).setOffset(nanos);
    runtime.traceFault(node, nanos, "clock offset " + offset);
  }

  /** Sets the node's clock drift rate, in (-1, 1). */
  public void setClockDrift(NodeId node, double drift) {
    clock(node).setDrift(drift);
    runtime.traceFault(node, Double.doubleToLongBits(drift), "clock drift " + drift);
  }

  /** Messages waiting in the node's inbox. */
  public int inboxDepth(NodeId node) {
    return runtime.runtime(node).inboxDepth();
  }

  /** Messages the node's handlers have processed since the start (across restarts). */
  public long handled(NodeId node) {
    return runtime.runtime(node).handled();
  }

  /** Shorthand for {@code network().stats()}. */
  public NetworkStats stats() {
    return runtime.stats();
  }
}
