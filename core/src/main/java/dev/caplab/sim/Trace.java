package dev.caplab.sim;

import java.util.List;

/**
 * The run's fingerprint: a 64-bit running hash over every send, delivery, drop, timer, crash,
 * restart and fault, plus two optional records of events: a bounded log of the most recent ones
 * (for debugging the end of a run) and a journal of the first ones in a time window (for drawing
 * the interesting part of a run).
 *
 * <p>Two runs with the same seed and configuration must produce the same hash, in the same JVM or
 * in two separate ones; a differing hash is the first sign that something non-deterministic (a
 * wall clock, an identity hash, a thread) crept into a simulation path. Messages are keyed by
 * (sender, id), ids being unique per sender, so the hash does not depend on how many messages
 * other nodes sent.
 *
 * <p>Only the simulator writes it. Not thread-safe: read it on the simulation thread.
 */
public interface Trace {

  /** The running hash of every event recorded so far. */
  long hash();

  /** The hash as 16 lower-case hexadecimal digits, as the CLI prints it. */
  default String hashHex() {
    return String.format("%016x", hash());
  }

  /** How many events were recorded (whether or not the log kept them). */
  long count();

  /** The capacity of the log; 0 when logging is off. */
  int logCapacity();

  /** The logged events, oldest first: the most recent {@code logCapacity} of them. */
  List<TraceEvent> events();

  /** How many events the bounded log has forgotten. */
  long evicted();

  /**
   * The journal: the first events of the journal window, in the order they happened, up to its
   * capacity (see {@link Simulation.Builder#journal}); empty when journaling is off.
   */
  List<TraceEvent> journal();

  /** Whether the journal reached its capacity and left later events of its window out. */
  boolean journalFull();
}
