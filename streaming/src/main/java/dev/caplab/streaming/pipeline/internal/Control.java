package dev.caplab.streaming.pipeline.internal;

/**
 * The control events that travel in a buffer between the records, in order with them, and take no
 * slot and no credit: a watermark, or a checkpoint barrier. Immutable.
 */
public sealed interface Control {

  /** Event time has reached {@code timestamp} on this channel. */
  record Watermark(long timestamp) implements Control {}

  /** Checkpoint barrier {@code checkpointId}: every record before it belongs to the checkpoint. */
  record Barrier(long checkpointId) implements Control {}
}
