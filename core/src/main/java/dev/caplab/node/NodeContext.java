package dev.caplab.node;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Node} may use to act on the world, and the whole of what it may use: a node
 * written against this interface runs unchanged on every runtime that implements it (the
 * simulator, a real network). In a simulation all of it is deterministic: time is virtual,
 * randomness is the node's own seeded stream, and sends go through the simulated network.
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

  /**
   * The runtime's true time in nanoseconds, for measurements: simulated time in a simulation (what
   * an outside observer would measure), a monotonic clock on a real network.
   */
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

  /**
   * Sends {@code request} to every node of {@code targets}, in their order, as one call with one
   * deadline: set the callbacks on the returned {@link MultiCall}. One timer serves all of a
   * node's pending multi-calls, however many are in flight.
   *
   * @throws IllegalArgumentException if {@code targets} is empty or {@code timeout} is not positive
   */
  MultiCall callAll(Collection<NodeId> targets, Object request, Duration timeout);

  /** Runs {@code action} on this node after {@code delay}, unless cancelled or the node crashes. */
  Timer schedule(Duration delay, Runnable action);

  /**
   * This node's timers as a {@link Scheduler}, for event-driven primitives (a bulkhead, a time
   * limiter, a retry) used inside the node: their timers follow the node's time and die with it.
   */
  default Scheduler scheduler() {
    return (delayNanos, action) -> schedule(Duration.ofNanos(delayNanos), action);
  }

  /** This node's random stream, derived from the simulation seed and the node's name. */
  RandomGenerator random();

  /** This node's durable storage; only synced writes survive a crash. */
  Storage storage();

  /**
   * This node's own wall clock, which is what real code would see: in a simulation it can be
   * skewed and drift (a {@link NodeClock}); on a real network it is the host's clock.
   */
  Ticker localClock();

  /**
   * Where the node reports its measurements, on the runtime's time; tag meters with {@code
   * node=id().name()}. Meters outlive a crash of the node (registering the same meter again after
   * a restart returns the existing one), so counts accumulate across incarnations.
   */
  MeterRegistry metrics();
}
