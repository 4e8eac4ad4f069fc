package dev.caplab.streaming.pipeline.internal;

/**
 * The runtime side of a sink: writes, takes part in checkpoints and restores. Not thread-safe.
 *
 * @param <T> the record type
 */
public interface SinkWriter<T> {

  /** Writes one record. */
  void write(T value);

  /**
   * The barrier of checkpoint {@code checkpointId} reached the sink: pre-commit what needs it and
   * return the sink's state for the checkpoint (immutable, may be null).
   */
  Object snapshot(long checkpointId);

  /** Checkpoint {@code checkpointId} completed (every sink acknowledged, the store holds it). */
  void checkpointComplete(long checkpointId);

  /**
   * The pipeline restarts from a checkpoint whose state for this sink is {@code state} (taken by
   * checkpoint {@code checkpointId}), or from scratch ({@code checkpointId} -1, {@code state} null).
   */
  void restore(long checkpointId, Object state);
}
