package dev.caplab.sim.internal;

import dev.caplab.config.Require;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.Trace;
import dev.caplab.sim.TraceKind;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The simulator behind {@link Simulation}: the event queue, the clock, the named random streams
 * and the trace recorder, plus the service-provider side that caplab's runtimes use and users do
 * not see: {@link #registerSink event sinks} and {@link #schedule(long, int, int, long, Object)
 * allocation-free events} for the network and the node runtime, and {@link #recorder()} to write
 * the trace.
 *
 * <p>Not thread-safe: create, configure and run on one thread.
 */
public final class EventLoop implements Simulation {

  private static final int ACTION_SINK = 0;
  private static final int MAX_KIND = 0xFF;

  private final long seed;
  private final EventQueue queue = new EventQueue();
  private final TraceRecorder trace;
  private final Map<String, RandomGenerator> streams = new HashMap<>();
  // Slot 0 is plain actions, dispatched inline; an array, not a list, for the per-event lookup.
  private EventSink[] sinks = new EventSink[4];
  private int sinkCount = 1;
  private final Ticker ticker = this::now;
  private final Scheduler scheduler = this::scheduleCancellable;
  private long now;
  private long events;
  private boolean running;

  /** Use {@link Simulation#builder()}. */
  public EventLoop(long seed, long startNanos, int traceLog, long journalFrom, long journalTo, int journalCapacity) {
    this.seed = seed;
    this.now = startNanos;
    this.trace = new TraceRecorder(ticker, traceLog, journalFrom, journalTo, journalCapacity);
  }

  /**
   * The event loop behind {@code simulation}.
   *
   * @throws IllegalArgumentException if it was not made by {@link Simulation#builder()}
   */
  public static EventLoop of(Simulation simulation) {
    Objects.requireNonNull(simulation, "simulation");
    if (simulation instanceof EventLoop loop) {
      return loop;
    }
    throw new IllegalArgumentException("simulation must be made by Simulation.builder() or Simulation.withSeed(),"
        + " got a " + simulation.getClass().getName());
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public Trace trace() {
    return trace;
  }

  /** Where the runtime components record trace events. */
  public TraceRecorder recorder() {
    return trace;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  private Scheduler.Cancellable scheduleCancellable(long delayNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    boolean[] cancelled = new boolean[1];
    schedule(delayNanos, () -> {
      if (!cancelled[0]) {
        action.run();
      }
    });
    return () -> cancelled[0] = true;
  }

  @Override
  public long eventsProcessed() {
    return events;
  }

  @Override
  public int pendingEvents() {
    return queue.size();
  }

  @Override
  public RandomGenerator random(String name) {
    Objects.requireNonNull(name, "name");
    return streams.computeIfAbsent(name, n -> new SplittableRandom(deriveSeed(seed, n)));
  }

  /** See {@link Simulation#deriveSeed}. */
  public static long deriveSeed(long seed, String name) {
    long h = seed ^ TraceRecorder.stringHash(name);
    // SplitMix64 finaliser: spreads small differences in seed or name over all bits.
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  @Override
  public void schedule(Duration delay, Runnable action) {
    schedule(Require.nonNegativeNanos("delay", delay), action);
  }

  @Override
  public void schedule(long delayNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    requireDelay(delayNanos);
    queue.push(now + delayNanos, ACTION_SINK, 0, action);
  }

  @Override
  public void scheduleAt(long timeNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (timeNanos < now) {
      throw new IllegalArgumentException(
          "timeNanos must be >= now (" + now + " ns), got " + timeNanos + " ns");
    }
    queue.push(timeNanos, ACTION_SINK, 0, action);
  }

  /**
   * Registers a runtime component's event handler and returns its id for {@link #schedule(long,
   * int, int, long, Object)}.
   */
  public int registerSink(EventSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (sinkCount > 0xFFFFFF) {
      throw new IllegalStateException("too many event sinks: " + sinkCount);
    }
    if (sinkCount == sinks.length) {
      sinks = Arrays.copyOf(sinks, sinkCount * 2);
    }
    sinks[sinkCount] = sink;
    return sinkCount++;
  }

  /**
   * Schedules an event for a registered sink without allocating a wrapper: the hot path of the
   * network and node runtime.
   */
  public void schedule(long delayNanos, int sink, int kind, long aux, Object payload) {
    if (delayNanos < 0 || delayNanos > Long.MAX_VALUE - now) {
      requireDelay(delayNanos);
    }
    if (sink <= ACTION_SINK || sink >= sinkCount) {
      throw new IllegalArgumentException("sink must be a registered sink id, got " + sink);
    }
    if (kind < 0 || kind > MAX_KIND) {
      throw new IllegalArgumentException("kind must be between 0 and " + MAX_KIND + ", got " + kind);
    }
    queue.push(now + delayNanos, (sink << 8) | kind, aux, payload);
  }

  @Override
  public boolean step() {
    enter();
    try {
      if (queue.isEmpty()) {
        return false;
      }
      dispatchNext();
      return true;
    } finally {
      running = false;
    }
  }

  @Override
  public void runFor(Duration duration) {
    runForNanos(Require.nonNegativeNanos("duration", duration));
  }

  @Override
  public void runForNanos(long durationNanos) {
    Require.atLeast("durationNanos", durationNanos, 0L);
    long end = Math.addExact(now, durationNanos);
    enter();
    try {
      while (!queue.isEmpty() && queue.peekTime() <= end) {
        dispatchNext();
      }
      now = end;
    } finally {
      running = false;
    }
  }

  @Override
  public boolean runUntil(BooleanSupplier condition) {
    return runUntil(condition, Long.MAX_VALUE - now);
  }

  @Override
  public boolean runUntil(BooleanSupplier condition, Duration limit) {
    return runUntil(condition, Require.nonNegativeNanos("limit", limit));
  }

  private boolean runUntil(BooleanSupplier condition, long limitNanos) {
    Objects.requireNonNull(condition, "condition");
    long end = limitNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + limitNanos;
    enter();
    try {
      while (!condition.getAsBoolean()) {
        if (queue.isEmpty()) {
          return false;
        }
        if (queue.peekTime() > end) {
          now = end;
          return false;
        }
        dispatchNext();
      }
      return true;
    } finally {
      running = false;
    }
  }

  @Override
  public void runUntilQuiescent() {
    enter();
    try {
      while (!queue.isEmpty()) {
        dispatchNext();
      }
    } finally {
      running = false;
    }
  }

  private void dispatchNext() {
    Object payload = queue.poll();
    now = queue.polledTime();
    events++;
    int sinkKind = queue.polledSinkKind();
    int sink = sinkKind >>> 8;
    if (sink == ACTION_SINK) {
      trace.record(TraceKind.TIMER, -1, -1, 0, null);
      ((Runnable) payload).run();
    } else {
      sinks[sink].onEvent(sinkKind & MAX_KIND, queue.polledAux(), payload);
    }
  }

  private void enter() {
    if (running) {
      throw new IllegalStateException(
          "the simulation is already running: run methods cannot be called from inside an event");
    }
    running = true;
  }

  /** A delay puts an event at {@code now + delay}, which must not overflow into the past. */
  private void requireDelay(long delayNanos) {
    Require.atLeast("delayNanos", delayNanos, 0L);
    long room = Long.MAX_VALUE - now;
    if (delayNanos > room) {
      throw new IllegalArgumentException("delayNanos must be <= " + room
          + " (the end of virtual time, now is " + now + "), got " + delayNanos);
    }
  }
}
