package dev.caplab.node;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Node} may use to act on the world. All of it is deterministic in a
 * simulation: time is virtual, randomness is the node's own seeded stream, and sends go through
 * the simulated network.
 *
 * <p>A context belongs to one incarnation of a node: after the node crashes, using its old
 * context is an error. Not thread-safe: used from the node's handlers.
 */
public interface NodeContext {

  /** This node's id. */
  NodeId id();

  /** Every node of the cluster, this one included, in registration order. */
  List<NodeId> nodes();

  /** The id of the node registered under {@code name}. */
  NodeId node(String name);

  /** True simulated time in nanoseconds (what an outside observer would measure). */
  long now();

  /** Sends a one-way message. */
  void send(NodeId to, Object message);

  /** Answers {@code request}; if the sender is waiting in a {@link #call}, this completes it. */
  void reply(Envelope request, Object message);

  /**
   * Sends a request and waits, without blocking, for its reply: set the callbacks on the returned
   * {@link Call}. It fails with {@link CallFailure#TIMEOUT} if no reply arrives in time.
   */
  Call call(NodeId to, Object request, Duration timeout);

  /** Runs {@code action} on this node after {@code delay}, unless cancelled or the node crashes. */
  Timer schedule(Duration delay, Runnable action);

  /** This node's random stream, derived from the simulation seed and the node's name. */
  RandomGenerator random();

  /** This node's durable storage; only synced writes survive a crash. */
  Storage storage();

  /** This node's own (skewable, drifting) wall clock. */
  NodeClock localClock();

  /** The cluster's meter registry, on simulated time; tag meters with {@code node=id().name()}. */
  MeterRegistry metrics();
}
