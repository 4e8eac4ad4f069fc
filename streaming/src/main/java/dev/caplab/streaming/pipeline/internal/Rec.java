package dev.caplab.streaming.pipeline.internal;

/**
 * One data record in flight between two tasks: its value, event timestamp (ms) and priority (higher
 * is more important). A class, not a record: buffers remove records by identity. Immutable.
 */
public final class Rec {
  /** The value. */
  public final Object value;
  /** Event time, milliseconds. */
  public final long timestamp;
  /** Shedding priority: a full buffer drops the lowest first. */
  public final int priority;

  /** A record. */
  public Rec(Object value, long timestamp, int priority) {
    this.value = value;
    this.timestamp = timestamp;
    this.priority = priority;
  }

  @Override
  public String toString() {
    return "Rec{" + value + "@" + timestamp + ", p" + priority + "}";
  }
}
