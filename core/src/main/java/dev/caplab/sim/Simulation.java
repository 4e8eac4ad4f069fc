package dev.caplab.sim;

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
 * A deterministic discrete-event simulator: one thread, virtual time in nanoseconds, an event
 * queue ordered by (time, insertion sequence), and a master seed from which every named random
 * stream is derived.
 *
 * <p>Nothing here reads the wall clock or starts a thread, so a run is a pure function of its seed
 * and configuration; the {@link #trace() trace hash} proves it. Named streams ({@link
 * #random(String)}) are derived from hash(seed, name), so adding a component with its own stream
 * does not change the numbers any other component draws.
 *
 * <p>Not thread-safe: create, configure and run a simulation on one thread.
 */
public final class Simulation {

  /** Default master seed when none is given. */
  public static final long DEFAULT_SEED = 1L;
  /** Default trace log capacity: logging off (the hash is always kept). */
  public static final int DEFAULT_TRACE_LOG = 0;

  private static final int ACTION_SINK = 0;
  private static final int MAX_KIND = 0xFF;

  private final long seed;
  private final EventQueue queue = new EventQueue();
  private final Trace trace;
  private final Map<String, RandomGenerator> streams = new HashMap<>();
  // Slot 0 is plain actions, dispatched inline; an array, not a list, for the per-event lookup.
  private EventSink[] sinks = new EventSink[4];
  private int sinkCount = 1;
  private final Ticker ticker = this::now;
  private long now;
  private long events;
  private boolean running;

  private Simulation(Builder builder) {
    this.seed = builder.seed;
    this.now = builder.startNanos;
    this.trace = new Trace(this, builder.traceLog);
  }

  /** Starts configuring a simulation. */
  public static Builder builder() {
    return new Builder();
  }

  /** A simulation with the given seed and all other settings at their defaults. */
  public static Simulation withSeed(long seed) {
    return builder().seed(seed).build();
  }

  /** The master seed. */
  public long seed() {
    return seed;
  }

  /** The current virtual time in nanoseconds. */
  public long now() {
    return now;
  }

  /** A ticker on this simulation's virtual time, for primitives that take a {@link Ticker}. */
  public Ticker ticker() {
    return ticker;
  }

  /** The run's trace: hash and optional log. */
  public Trace trace() {
    return trace;
  }

  /** How many events have been processed so far. */
  public long eventsProcessed() {
    return events;
  }

  /** How many events are waiting. */
  public int pendingEvents() {
    return queue.size();
  }

  /**
   * The random stream with this name, created on first use from hash(seed, name); the same name
   * always returns the same stream object.
   */
  public RandomGenerator random(String name) {
    Objects.requireNonNull(name, "name");
    return streams.computeIfAbsent(name, n -> new SplittableRandom(deriveSeed(seed, n)));
  }

  /** The seed a named stream starts from: a pure function of (master seed, name). */
  public static long deriveSeed(long seed, String name) {
    long h = seed ^ Trace.stringHash(name);
    // SplitMix64 finaliser: spreads small differences in seed or name over all bits.
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** Runs {@code action} after {@code delay} of virtual time; it is traced as a timer. */
  public void schedule(Duration delay, Runnable action) {
    schedule(toNanos(delay, "delay"), action);
  }

  /**
   * Runs {@code action} after {@code delayNanos} of virtual time; the event must fall within
   * virtual time ({@code now + delayNanos <= Long.MAX_VALUE}), else the sum would wrap into the past.
   */
  public void schedule(long delayNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    requireDelay(delayNanos);
    queue.push(now + delayNanos, ACTION_SINK, 0, action);
  }

  /** Runs {@code action} at the absolute virtual time {@code timeNanos}, not before now. */
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

  /**
   * Processes the next event, advancing time to it.
   *
   * @return false when there was no event
   */
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

  /** Processes every event due within the next {@code duration}, then sets time to its end. */
  public void runFor(Duration duration) {
    runForNanos(toNanos(duration, "duration"));
  }

  /** As {@link #runFor(Duration)}, in nanoseconds. */
  public void runForNanos(long durationNanos) {
    if (durationNanos < 0) {
      throw new IllegalArgumentException("duration must be >= 0 ns, got " + durationNanos + " ns");
    }
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

  /**
   * Processes events until {@code condition} holds (checked before the first event and after
   * each one) or no events are left.
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition) {
    return runUntil(condition, Long.MAX_VALUE - now);
  }

  /**
   * Processes events until {@code condition} holds, no events are left, or {@code limit} of
   * virtual time has passed (then time stops at the limit).
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition, Duration limit) {
    return runUntil(condition, toNanos(limit, "limit"));
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

  /**
   * Processes events until none are left. A system with periodic timers never quiesces; use
   * {@link #runFor} or {@link #runUntil} for those.
   */
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
    if (delayNanos < 0) {
      throw new IllegalArgumentException("delay must be >= 0 ns, got " + delayNanos + " ns");
    }
    long room = Long.MAX_VALUE - now;
    if (delayNanos > room) {
      throw new IllegalArgumentException("delay must be between 0 and " + room
          + " ns (the end of virtual time, now is " + now + " ns), got " + delayNanos + " ns");
    }
  }

  private static long toNanos(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + d);
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " is too long for nanosecond time: " + d, e);
    }
  }

  /**
   * Configures a {@link Simulation}. Defaults: seed {@value #DEFAULT_SEED}, start at time 0,
   * trace log off.
   */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private long startNanos;
    private int traceLog = DEFAULT_TRACE_LOG;

    private Builder() {}

    /** The master seed from which every random stream derives. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The virtual time the run starts at (default 0). */
    public Builder start(Duration start) {
      this.startNanos = toNanos(start, "start");
      return this;
    }

    /** Keeps the last {@code capacity} trace events in memory (0 turns the log off). */
    public Builder traceLog(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("traceLog capacity must be >= 0, got " + capacity);
      }
      this.traceLog = capacity;
      return this;
    }

    public Simulation build() {
      return new Simulation(this);
    }
  }
}
