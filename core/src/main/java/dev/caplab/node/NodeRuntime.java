package dev.caplab.node;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.Network;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One node's runtime state across incarnations: the current instance, its inbox and workers,
 * pending calls, storage and clock. Events scheduled for an incarnation that has since crashed
 * are recognised by their incarnation number and discarded. Not thread-safe.
 */
final class NodeRuntime {

  final Cluster cluster;
  final NodeId id;
  final Supplier<? extends Node> factory;
  final NodeOptions options;
  final Capacity capacity;
  final SimStorage storage = new SimStorage();
  final NodeClock clock;
  final RandomGenerator random;
  final RandomGenerator serviceRandom;
  final ArrayDeque<Envelope> inbox = new ArrayDeque<>();
  /**
   * Messages that arrived after a (re)start but before its onStart event ran: at the instant of a
   * restart, arrivals queued earlier come before that event. They are handled right after onStart.
   */
  private final ArrayDeque<Envelope> beforeStart = new ArrayDeque<>();
  final Map<Long, Call> pendingCalls = new HashMap<>();
  private final Simulation simulation;
  private final Network network;
  int incarnation;
  boolean up;
  /** Whether the current incarnation's onStart has run. */
  private boolean started;
  Node node;
  Context ctx;
  int busy;
  long handled;

  NodeRuntime(Cluster cluster, NodeId id, NodeOptions options, Supplier<? extends Node> factory) {
    this.cluster = cluster;
    this.id = id;
    this.factory = factory;
    this.options = options;
    this.capacity = options.capacity();
    this.simulation = cluster.simulation();
    this.network = cluster.network();
    this.clock = new NodeClock(simulation.ticker());
    clock.setOffset(options.clockOffset().toNanos());
    clock.setDrift(options.clockDrift());
    this.random = simulation.random("node/" + id.name());
    this.serviceRandom = simulation.random("node/" + id.name() + "/service");
  }

  /** Starts a new incarnation (first start or restart). */
  void boot() {
    boolean restart = incarnation > 0;
    incarnation++;
    up = true;
    started = false;
    Node fresh = Objects.requireNonNull(factory.get(), () -> "the factory of node " + id + " returned null");
    node = fresh;
    ctx = new Context(incarnation);
    if (restart) {
      simulation.trace().record(TraceKind.RESTART, id.index(), -1, incarnation, null);
    }
    cluster.schedule(0, Cluster.START, this, null);
  }

  void crash() {
    simulation.trace().record(TraceKind.CRASH, id.index(), -1, incarnation, null);
    up = false;
    incarnation++;
    for (Call c : pendingCalls.values()) {
      c.abandon();
    }
    pendingCalls.clear();
    for (Envelope e : inbox) {
      network.drop(e, DropReason.CRASH);
    }
    inbox.clear();
    for (Envelope e : beforeStart) {
      network.drop(e, DropReason.CRASH);
    }
    beforeStart.clear();
    busy = 0;
    node = null;
    ctx = null;
    storage.crash();
  }

  void arrive(Envelope e) {
    if (!up) {
      network.drop(e, DropReason.CRASH);
      return;
    }
    if (!started) {
      beforeStart.addLast(e);
      return;
    }
    if (capacity.isInline()) {
      handle(e);
    } else if (busy < capacity.concurrency()) {
      startService(e);
    } else if (inbox.size() < capacity.inboxCapacity()) {
      inbox.addLast(e);
    } else {
      overflow(e);
    }
  }

  private void overflow(Envelope e) {
    switch (capacity.overflow()) {
      case REJECT -> {
        network.drop(e, DropReason.INBOX_OVERFLOW);
        if (e.awaitsReply()) {
          network.send(id, e.from(), new Overloaded(capacity.inboxCapacity()), e.id(), false);
        }
      }
      case DROP_NEWEST -> network.drop(e, DropReason.INBOX_OVERFLOW);
      case DROP_OLDEST -> {
        if (inbox.isEmpty()) {
          network.drop(e, DropReason.INBOX_OVERFLOW);
        } else {
          network.drop(inbox.pollFirst(), DropReason.INBOX_OVERFLOW);
          inbox.addLast(e);
        }
      }
    }
  }

  private void startService(Envelope e) {
    busy++;
    LatencyModel service = capacity.serviceTime();
    cluster.schedule(service.sampleNanos(serviceRandom), Cluster.SERVICE_DONE, this, e);
  }

  void onEvent(int kind, int eventIncarnation, Object payload) {
    boolean current = up && eventIncarnation == incarnation;
    switch (kind) {
      case Cluster.START -> {
        if (current) {
          started = true;
          try {
            node.onStart(ctx);
          } catch (RuntimeException ex) {
            throw failure("onStart", null, ex);
          }
          for (Envelope e = beforeStart.pollFirst(); e != null; e = beforeStart.pollFirst()) {
            arrive(e);
          }
        }
      }
      case Cluster.TIMER -> {
        if (current) {
          simulation.trace().record(TraceKind.TIMER, id.index(), -1, 0, null);
          Timer t = (Timer) payload;
          try {
            t.fire();
          } catch (RuntimeException ex) {
            throw failure("a timer", null, ex);
          }
        }
      }
      case Cluster.CALL_TIMEOUT -> {
        Call c = (Call) payload;
        if (current && pendingCalls.remove(c.id()) != null) {
          simulation.trace().record(TraceKind.CALL_TIMEOUT, id.index(), -1, c.id(), null);
          try {
            c.fail(CallFailure.TIMEOUT);
          } catch (RuntimeException ex) {
            throw failure("a call timeout", null, ex);
          }
        }
      }
      case Cluster.SERVICE_DONE -> {
        Envelope e = (Envelope) payload;
        if (!current) {
          network.drop(e, DropReason.CRASH);
          return;
        }
        busy--;
        Envelope next = inbox.pollFirst();
        if (next != null) {
          startService(next);
        }
        handle(e);
      }
      default -> throw new IllegalStateException("unknown node event kind " + kind);
    }
  }

  private void handle(Envelope e) {
    network.delivered(e);
    handled++;
    // Checking for pending calls first keeps plain replies (send/reply traffic) from boxing the id.
    if (e.isReply() && !pendingCalls.isEmpty()) {
      Call c = pendingCalls.remove(e.inReplyTo());
      if (c != null) {
        completeCall(c, e);
        return;
      }
    }
    // Handlers are called directly inside try/catch rather than through a capturing lambda, so
    // the hot path allocates nothing whether or not the JIT's escape analysis succeeds.
    try {
      node.onMessage(ctx, e);
    } catch (RuntimeException ex) {
      throw failure("onMessage", e, ex);
    }
  }

  private void completeCall(Call c, Envelope e) {
    if (e.message() instanceof Overloaded) {
      try {
        c.fail(CallFailure.REJECTED);
      } catch (RuntimeException ex) {
        throw failure("a call failure", e, ex);
      }
    } else {
      try {
        c.complete(e);
      } catch (RuntimeException ex) {
        throw failure("a reply", e, ex);
      }
    }
  }

  /** Wraps a handler's exception with the node, the handler and the message it was handling. */
  private NodeHandlerException failure(String what, Envelope e, RuntimeException ex) {
    String about = e == null ? "" : " (" + e.message().getClass().getSimpleName() + " from " + e.from() + ")";
    return new NodeHandlerException(String.format("node %s failed in %s%s at %d ns: %s",
        id, what, about, simulation.now(), ex), ex);
  }

  /** The context of one incarnation; dead once that incarnation crashes. */
  final class Context implements NodeContext {
    private final int owner;

    Context(int owner) {
      this.owner = owner;
    }

    private void checkAlive() {
      if (!up || incarnation != owner) {
        throw new IllegalStateException("node " + id + " has crashed: the context of its incarnation "
            + owner + " can no longer act");
      }
    }

    @Override
    public NodeId id() {
      return id;
    }

    @Override
    public List<NodeId> nodes() {
      return network.ids();
    }

    @Override
    public NodeId node(String name) {
      return network.id(name);
    }

    @Override
    public long now() {
      return simulation.now();
    }

    @Override
    public void send(NodeId to, Object message) {
      checkAlive();
      network.send(id, to, message, 0, false);
    }

    @Override
    public void reply(Envelope request, Object message) {
      checkAlive();
      Objects.requireNonNull(request, "request");
      if (!request.to().equals(id)) {
        throw new IllegalArgumentException("node " + id + " can only reply to messages sent to it, got one sent to "
            + request.to());
      }
      network.send(id, request.from(), message, request.id(), false);
    }

    @Override
    public Call call(NodeId to, Object request, Duration timeout) {
      checkAlive();
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("call timeout must be > 0, got " + timeout);
      }
      Envelope e = network.send(id, to, request, 0, true);
      Call c = new Call(e.id());
      pendingCalls.put(e.id(), c);
      cluster.schedule(timeout.toNanos(), Cluster.CALL_TIMEOUT, NodeRuntime.this, c);
      return c;
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      checkAlive();
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(action, "action");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("timer delay must be >= 0, got " + delay);
      }
      Timer t = new Timer(action);
      cluster.schedule(delay.toNanos(), Cluster.TIMER, NodeRuntime.this, t);
      return t;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public Storage storage() {
      return storage;
    }

    @Override
    public NodeClock localClock() {
      return clock;
    }

    @Override
    public MeterRegistry metrics() {
      return cluster.metrics();
    }
  }
}
