package dev.caplab.streaming.pipeline;

/**
 * What a bounded buffer between two pipeline tasks does when its receiver falls behind.
 *
 * <ul>
 *   <li>{@link #BACKPRESSURE}: credit-based flow control, as Flink's network stack: the receiver
 *       grants one credit per free slot, a sender with no credit stops. Nothing is dropped and no
 *       buffer holds more than its capacity; a slow sink slows the source, so a log source reads
 *       later and the lag grows in the log, not in memory.
 *   <li>{@link #SHED}: the sender never waits; a record arriving at a full buffer makes the buffer
 *       drop its lowest-priority record (the oldest of them, or the arriving one when it is no
 *       higher), counted per priority. Memory stays bounded, records are lost.
 *   <li>{@link #UNBOUNDED}: the sender never waits and nothing is dropped: the buffer grows
 *       without bound. For comparison only: memory grows with the backlog.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public enum BufferMode {
  /** Credit-based flow control: senders wait, nothing is dropped. */
  BACKPRESSURE,
  /** Drop by priority when full: lowest priority first. */
  SHED,
  /** No bound: memory grows with the backlog. */
  UNBOUNDED
}
