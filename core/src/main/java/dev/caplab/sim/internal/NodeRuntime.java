package dev.caplab.sim.internal;

import dev.caplab.config.Require;
import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.NodeId;
import dev.caplab.node.Call;
import dev.caplab.node.Capacity;
import dev.caplab.node.MultiCall;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeHandlerException;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.Overloaded;
import dev.caplab.node.Storage;
import dev.caplab.node.Timer;
import dev.caplab.node.internal.CallRuntime;
import dev.caplab.node.internal.PendingCalls;
import dev.caplab.sim.TraceKind;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One node's runtime state across incarnations: the current instance, its inbox and workers,
 * pending calls, storage and clock. Events scheduled for an incarnation that has since crashed
 * are recognised by their incarnation number and discarded. Not thread-safe.
 */
public final class NodeRuntime {

  final SimCluster cluster;
  final NodeId id;
  private final Supplier<? extends Node> factory;
  private final NodeOptions options;
  private final Capacity capacity;
  private final SimStorage storage = new SimStorage();
  private final Ticker clock;
  private final RandomGenerator random;
  private final RandomGenerator serviceRandom;
  final ArrayDeque<Envelope> inbox = new ArrayDeque<>();
  /**
   * Messages that arrived after a (re)start but before its onStart event ran: at the instant of a
   * restart, arrivals queued earlier come before that event. They are handled right after onStart.
   */
  private final ArrayDeque<Envelope> beforeStart = new ArrayDeque<>();
  private final EventLoop simulation;
  private final SimNetwork network;
  int incarnation;
  boolean up;
  /** Whether the current incarnation's onStart has run. */
  private boolean started;
  private Node node;
  private Context ctx;
  private int busy;
  long handled;

  NodeRuntime(SimCluster cluster, NodeId id, NodeOptions options, Supplier<? extends Node> factory, Ticker clock) {
    this.cluster = cluster;
    this.id = id;
    this.factory = factory;
    this.options = options;
    this.capacity = options.capacity();
    this.simulation = cluster.simulation();
    this.network = cluster.network();
    this.clock = clock;
    this.random = simulation.random("node/" + id.name());
    this.serviceRandom = simulation.random("node/" + id.name() + "/service");
  }

  /** The options the node was added with. */
  public NodeOptions options() {
    return options;
  }

  public boolean isUp() {
    return up;
  }

  /** The current instance, or null while the node is down. */
  public Node node() {
    return node;
  }

  public Storage storage() {
    return storage;
  }

  public Ticker clock() {
    return clock;
  }

  public int inboxDepth() {
    return inbox.size();
  }

  public long handled() {
    return handled;
  }

  /** Starts a new incarnation (first start or restart). */
  public void boot() {
    boolean restart = incarnation > 0;
    incarnation++;
    up = true;
    started = false;
    Node fresh = Objects.requireNonNull(factory.get(), () -> "the factory of node " + id + " returned null");
    node = fresh;
    ctx = new Context(incarnation);
    if (restart) {
      simulation.recorder().record(TraceKind.RESTART, id.index(), -1, incarnation, null);
    }
    cluster.schedule(0, SimCluster.START, this, null);
  }

  public void crash() {
    simulation.recorder().record(TraceKind.CRASH, id.index(), -1, incarnation, null);
    up = false;
    incarnation++;
    ctx.calls.abandonAll();
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
    cluster.schedule(service.sampleNanos(serviceRandom), SimCluster.SERVICE_DONE, this, e);
  }

  void onEvent(int kind, int eventIncarnation, Object payload) {
    boolean current = up && eventIncarnation == incarnation;
    switch (kind) {
      case SimCluster.START -> {
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
      case SimCluster.TIMER -> {
        if (current) {
          simulation.recorder().record(TraceKind.TIMER, id.index(), -1, 0, null);
          SimTimer t = (SimTimer) payload;
          try {
            t.fire();
          } catch (RuntimeException ex) {
            throw failure("a timer", null, ex);
          }
        }
      }
      case SimCluster.CALL_TIMEOUT -> {
        if (current) {
          try {
            ctx.calls.timeout((Call) payload);
          } catch (RuntimeException ex) {
            throw failure("a call timeout", null, ex);
          }
        }
      }
      case SimCluster.DEADLINES -> {
        if (current) {
          simulation.recorder().record(TraceKind.TIMER, id.index(), -1, 1, null);
          try {
            ctx.calls.expireDeadlines();
          } catch (RuntimeException ex) {
            throw failure("a call deadline", null, ex);
          }
        }
      }
      case SimCluster.SERVICE_DONE -> {
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
    // Checking for pending calls first keeps plain messages from a table lookup.
    if (e.isReply() && !ctx.calls.isEmpty()) {
      boolean consumed;
      try {
        consumed = ctx.calls.onReply(e);
      } catch (RuntimeException ex) {
        throw failure(e.message() instanceof Overloaded ? "a call failure" : "a reply", e, ex);
      }
      if (consumed) {
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

  /** Wraps a handler's exception with the node, the handler and the message it was handling. */
  private NodeHandlerException failure(String what, Envelope e, RuntimeException ex) {
    String about = e == null ? "" : " (" + e.message().getClass().getSimpleName() + " from " + e.from() + ")";
    return new NodeHandlerException(String.format("node %s failed in %s%s at %d ns: %s",
        id, what, about, simulation.now(), ex), ex);
  }

  /** The context of one incarnation; dead once that incarnation crashes. */
  final class Context implements NodeContext, CallRuntime {
    private final int owner;
    final PendingCalls calls = new PendingCalls(this);

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
      return calls.call(to, request, timeout);
    }

    @Override
    public MultiCall callAll(Collection<NodeId> targets, Object request, Duration timeout) {
      checkAlive();
      return calls.callAll(targets, request, timeout);
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      checkAlive();
      long delayNanos = Require.nonNegativeNanos("delay", delay);
      Objects.requireNonNull(action, "action");
      SimTimer t = new SimTimer(action);
      cluster.schedule(delayNanos, SimCluster.TIMER, NodeRuntime.this, t);
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
    public Ticker localClock() {
      return clock;
    }

    @Override
    public MeterRegistry metrics() {
      return cluster.metrics();
    }

    // ---- CallRuntime: the call facility's view of this node ----------------------------------------

    @Override
    public long sendRequest(NodeId to, Object request) {
      checkAlive();
      return network.send(id, to, request, 0, true).id();
    }

    @Override
    public void scheduleCallTimeout(long delayNanos, Call call) {
      cluster.schedule(delayNanos, SimCluster.CALL_TIMEOUT, NodeRuntime.this, call);
    }

    @Override
    public void wakeAt(long atNanos) {
      cluster.schedule(Math.max(0, atNanos - simulation.now()), SimCluster.DEADLINES, NodeRuntime.this, null);
    }

    @Override
    public void onCallTimeout(long id) {
      simulation.recorder().record(TraceKind.CALL_TIMEOUT, NodeRuntime.this.id.index(), -1, id, null);
    }
  }
}
