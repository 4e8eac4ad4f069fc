package dev.caplab.streaming.pipeline.internal;

import java.util.function.Consumer;

/**
 * What a source task reads from: a log's partitions, a list, a generator. Its position is its
 * checkpointed state. Not thread-safe.
 */
public interface SourceReader {

  /** Hands at most {@code max} (>= 1) values to {@code out}, in order; returns how many. */
  int poll(long nowNanos, int max, Consumer<Object> out);

  /** Whether a value could be read now. */
  boolean hasAvailable(long nowNanos);

  /** Values available but not yet read (a log's lag, a generator's due records). */
  long lag(long nowNanos);

  /** Whether the source is bounded and everything has been read. */
  boolean finished();

  /** The position to restart from, immutable. */
  Object snapshot();

  /** Continues from {@code state}, which {@link #snapshot()} made. */
  void restore(Object state);
}
