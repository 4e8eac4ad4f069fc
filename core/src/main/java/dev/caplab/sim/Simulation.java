package dev.caplab.sim;

import dev.caplab.config.Require;
import dev.caplab.sim.internal.EventLoop;
import dev.caplab.time.Durations;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import java.time.Duration;
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
 * <p>Created with {@link #withSeed(long)} or {@link #builder()}; caplab's runtimes (the cluster,
 * the network) work only with simulations made that way, so do not implement this interface.
 * Not thread-safe: create, configure and run a simulation on one thread.
 */
public interface Simulation {

  /** Default master seed when none is given. */
  long DEFAULT_SEED = 1L;
  /** Default trace log capacity: logging off (the hash is always kept). */
  int DEFAULT_TRACE_LOG = 0;

  /** Starts configuring a simulation. */
  static Builder builder() {
    return new Builder();
  }

  /** A simulation with the given seed and all other settings at their defaults. */
  static Simulation withSeed(long seed) {
    return builder().seed(seed).build();
  }

  /** The seed a named stream starts from: a pure function of (master seed, name). */
  static long deriveSeed(long seed, String name) {
    return EventLoop.deriveSeed(seed, name);
  }

  /** The master seed. */
  long seed();

  /** The current virtual time in nanoseconds. */
  long now();

  /** A ticker on this simulation's virtual time, for primitives that take a {@link Ticker}. */
  Ticker ticker();

  /**
   * A scheduler on this simulation's event queue, for event-driven primitives used outside any
   * node (on a node, use the node's own scheduler, whose timers die with it in a crash).
   */
  Scheduler scheduler();

  /** The run's trace: hash and optional log. */
  Trace trace();

  /** How many events have been processed so far. */
  long eventsProcessed();

  /** How many events are waiting. */
  int pendingEvents();

  /**
   * The random stream with this name, created on first use from hash(seed, name); the same name
   * always returns the same stream object.
   */
  RandomGenerator random(String name);

  /** Runs {@code action} after {@code delay} of virtual time; it is traced as a timer. */
  void schedule(Duration delay, Runnable action);

  /**
   * Runs {@code action} after {@code delayNanos} of virtual time; the event must fall within
   * virtual time ({@code now + delayNanos <= Long.MAX_VALUE}), else the sum would wrap into the past.
   */
  void schedule(long delayNanos, Runnable action);

  /** Runs {@code action} at the absolute virtual time {@code timeNanos}, not before now. */
  void scheduleAt(long timeNanos, Runnable action);

  /**
   * Processes the next event, advancing time to it.
   *
   * @return false when there was no event
   */
  boolean step();

  /** Processes every event due within the next {@code duration}, then sets time to its end. */
  void runFor(Duration duration);

  /** As {@link #runFor(Duration)}, in nanoseconds. */
  void runForNanos(long durationNanos);

  /**
   * Processes events until {@code condition} holds (checked before the first event and after
   * each one) or no events are left.
   *
   * @return whether the condition holds
   */
  boolean runUntil(BooleanSupplier condition);

  /**
   * Processes events until {@code condition} holds, no events are left, or {@code limit} of
   * virtual time has passed (then time stops at the limit).
   *
   * @return whether the condition holds
   */
  boolean runUntil(BooleanSupplier condition, Duration limit);

  /**
   * Processes events until none are left. A system with periodic timers never quiesces; use
   * {@link #runFor} or {@link #runUntil} for those.
   */
  void runUntilQuiescent();

  /**
   * Configures a {@link Simulation}. Defaults: seed {@value #DEFAULT_SEED}, start at time 0,
   * trace log off.
   */
  final class Builder {
    private long seed = DEFAULT_SEED;
    private long startNanos;
    private int traceLog = DEFAULT_TRACE_LOG;
    private long journalFrom;
    private long journalTo;
    private int journalCapacity;

    private Builder() {}

    /** The master seed from which every random stream derives. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The virtual time the run starts at (default 0). */
    public Builder start(Duration start) {
      this.startNanos = Require.nonNegativeNanos("start", start);
      return this;
    }

    /** Keeps the last {@code capacity} trace events in memory (0 turns the log off). */
    public Builder traceLog(int capacity) {
      this.traceLog = Require.atLeast("traceLog", capacity, 0);
      return this;
    }

    /**
     * Journals the first {@code capacity} trace events that happen in [{@code from}, {@code
     * to}) of virtual time, for a space-time diagram of that window ({@link Trace#journal()}).
     * Off by default; a capacity of 0 turns it off.
     */
    public Builder journal(Duration from, Duration to, int capacity) {
      long f = Require.nonNegativeNanos("journal from", from);
      long t = Require.nonNegativeNanos("journal to", to);
      Require.requireArgument(t >= f, "journal to must be >= journal from (%s), got %s", Durations.exact(f),
          Durations.exact(t));
      this.journalCapacity = Require.atLeast("journal capacity", capacity, 0);
      this.journalFrom = f;
      this.journalTo = t;
      return this;
    }

    public Simulation build() {
      return new EventLoop(seed, startNanos, traceLog, journalFrom, journalTo, journalCapacity);
    }
  }
}
