package dev.caplab.node;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A second runtime for the node contract, written for the tests from the public API alone: one
 * thread, real time ({@link Ticker#system()}), messages handed over in memory after a real delay,
 * and its own small implementation of calls, multi-calls and timers. It shares no code with the
 * simulator, so a node that runs on both depends on the contract and nothing else.
 *
 * <p>Not thread-safe: everything runs on the thread that calls {@link #runUntil}.
 */
final class RealTimeLoop {

  private final Ticker clock = Ticker.system();
  private final long messageDelayNanos;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final Map<String, Context> byName = new LinkedHashMap<>();
  private final List<NodeId> ids = new ArrayList<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private long nextTask;

  RealTimeLoop(Duration messageDelay) {
    this.messageDelayNanos = messageDelay.toNanos();
  }

  /** Adds a node; its onStart runs when the loop starts running. */
  NodeId add(String name, Node node) {
    NodeId id = new NodeId(name, ids.size());
    ids.add(id);
    Context ctx = new Context(id, node);
    byName.put(name, ctx);
    at(clock.nanos(), () -> node.onStart(ctx));
    return id;
  }

  MeterRegistry metrics() {
    return registry;
  }

  Storage storage(String name) {
    return byName.get(name).storage;
  }

  /** Runs tasks as they come due until {@code done} holds; false if {@code limit} passes first. */
  boolean runUntil(BooleanSupplier done, Duration limit) {
    long end = clock.nanos() + limit.toNanos();
    while (!done.getAsBoolean()) {
      long now = clock.nanos();
      if (now > end) {
        return false;
      }
      Task next = tasks.peek();
      if (next == null || next.due > now) {
        LockSupport.parkNanos(next == null ? 100_000 : Math.min(100_000, next.due - now));
        continue;
      }
      tasks.poll().action.run();
    }
    return true;
  }

  private void at(long due, Runnable action) {
    tasks.add(new Task(due, nextTask++, action));
  }

  private record Task(long due, long seq, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
    }
  }

  /** One node's context: its calls in flight by request id, and its storage. */
  private final class Context implements NodeContext {
    final NodeId id;
    final Node node;
    final MapStorage storage = new MapStorage();
    final RandomGenerator random;
    final Map<Long, Consumer<Envelope>> waiting = new HashMap<>();
    long nextId;

    Context(NodeId id, Node node) {
      this.id = id;
      this.node = node;
      this.random = new SplittableRandom(id.name().hashCode());
    }

    void deliver(Envelope e) {
      Consumer<Envelope> call = e.isReply() ? waiting.get(e.inReplyTo()) : null;
      if (call != null) {
        call.accept(e);
      } else {
        node.onMessage(this, e);
      }
    }

    Envelope post(NodeId to, Object message, long inReplyTo, boolean awaitsReply) {
      Context target = byName.get(Objects.requireNonNull(to, "to").name());
      Envelope e = new Envelope(++nextId, id, to, Objects.requireNonNull(message, "message"), clock.nanos(),
          inReplyTo, awaitsReply);
      at(clock.nanos() + messageDelayNanos, () -> target.deliver(e));
      return e;
    }

    @Override
    public NodeId id() {
      return id;
    }

    @Override
    public List<NodeId> nodes() {
      return Collections.unmodifiableList(ids);
    }

    @Override
    public NodeId node(String name) {
      return byName.get(name).id;
    }

    @Override
    public long now() {
      return clock.nanos();
    }

    @Override
    public void send(NodeId to, Object message) {
      post(to, message, 0, false);
    }

    @Override
    public void reply(Envelope request, Object message) {
      post(request.from(), message, request.id(), false);
    }

    @Override
    public Call call(NodeId to, Object request, Duration timeout) {
      LoopCall c = new LoopCall(this, post(to, request, 0, true).id());
      waiting.put(c.id, c::reply);
      at(clock.nanos() + timeout.toNanos(), c::timeout);
      return c;
    }

    @Override
    public MultiCall callAll(Collection<NodeId> targets, Object request, Duration timeout) {
      LoopMultiCall c = new LoopMultiCall(this, clock.nanos(), timeout.toNanos());
      for (NodeId t : targets) {
        c.ask(t, request);
      }
      at(clock.nanos() + timeout.toNanos(), c::timeout);
      return c;
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      LoopTimer t = new LoopTimer(action);
      at(clock.nanos() + delay.toNanos(), t::fire);
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
      return registry;
    }
  }

  private static final class LoopCall implements Call {
    final Context owner;
    final long id;
    Consumer<Envelope> onReply = r -> {};
    Consumer<CallFailure> onFailure = f -> {};
    boolean done;

    LoopCall(Context owner, long id) {
      this.owner = owner;
      this.id = id;
    }

    void reply(Envelope e) {
      if (!done) {
        done = true;
        owner.waiting.remove(id);
        onReply.accept(e);
      }
    }

    void timeout() {
      if (!done) {
        done = true;
        owner.waiting.remove(id);
        onFailure.accept(CallFailure.TIMEOUT);
      }
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public Call onReply(Consumer<Envelope> action) {
      onReply = action;
      return this;
    }

    @Override
    public Call onFailure(Consumer<CallFailure> action) {
      onFailure = action;
      return this;
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public void cancel() {
      done = true;
      owner.waiting.remove(id);
    }
  }

  private final class LoopMultiCall implements MultiCall {
    final Context owner;
    final long start;
    final long timeoutNanos;
    final List<Long> requests = new ArrayList<>();
    final TreeSet<Long> answered = new TreeSet<>();
    Consumer<Envelope> onReply = r -> {};
    Consumer<NodeId> onRejected = n -> {};
    Runnable onTimeout = () -> {};
    Runnable onQuorum;
    int quorum;
    boolean done;
    boolean checkpointSet;

    LoopMultiCall(Context owner, long start, long timeoutNanos) {
      this.owner = owner;
      this.start = start;
      this.timeoutNanos = timeoutNanos;
    }

    void reply(Envelope e) {
      if (done || !answered.add(e.inReplyTo())) {
        return;
      }
      if (e.message() instanceof Overloaded) {
        onRejected.accept(e.from());
        return;
      }
      onReply.accept(e);
      fireQuorum();
    }

    void fireQuorum() {
      if (!done && onQuorum != null && answered.size() >= quorum) {
        Runnable r = onQuorum;
        onQuorum = null;
        r.run();
      }
    }

    void timeout() {
      if (!done) {
        finish();
        onTimeout.run();
      }
    }

    @Override
    public int asked() {
      return requests.size();
    }

    @Override
    public int replies() {
      return answered.size();
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public MultiCall onReply(Consumer<Envelope> action) {
      onReply = action;
      return this;
    }

    @Override
    public MultiCall onRejected(Consumer<NodeId> action) {
      onRejected = action;
      return this;
    }

    @Override
    public MultiCall onQuorum(int k, Runnable action) {
      quorum = k;
      onQuorum = action;
      fireQuorum();
      return this;
    }

    @Override
    public MultiCall onTimeout(Runnable action) {
      onTimeout = action;
      return this;
    }

    @Override
    public MultiCall onElapsed(Duration delay, Runnable action) {
      if (checkpointSet) {
        throw new IllegalStateException("onElapsed is already set");
      }
      checkpointSet = true;
      at(start + delay.toNanos(), () -> {
        if (!done) {
          action.run();
        }
      });
      return this;
    }

    @Override
    public MultiCall ask(NodeId to, Object request) {
      long id = owner.post(to, request, 0, true).id();
      requests.add(id);
      owner.waiting.put(id, this::reply);
      return this;
    }

    @Override
    public void finish() {
      done = true;
      requests.forEach(owner.waiting::remove);
    }
  }

  private static final class LoopTimer implements Timer {
    final Runnable action;
    boolean cancelled;
    boolean fired;

    LoopTimer(Runnable action) {
      this.action = action;
    }

    void fire() {
      if (!cancelled && !fired) {
        fired = true;
        action.run();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean hasFired() {
      return fired;
    }
  }

  /** Storage that is always durable: this runtime has no crashes. */
  private static final class MapStorage implements Storage {
    final TreeMap<String, Object> data = new TreeMap<>();

    @Override
    public void put(String key, Object value) {
      data.put(key, value);
    }

    @Override
    public void remove(String key) {
      data.remove(key);
    }

    @Override
    public Object get(String key) {
      return data.get(key);
    }

    @Override
    public SortedSet<String> keys() {
      return Collections.unmodifiableSortedSet(new TreeSet<>(data.keySet()));
    }

    @Override
    public void sync() {}

    @Override
    public int unsyncedWrites() {
      return 0;
    }
  }
}
