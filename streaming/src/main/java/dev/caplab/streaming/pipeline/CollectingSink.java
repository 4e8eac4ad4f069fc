package dev.caplab.streaming.pipeline;

import dev.caplab.streaming.pipeline.internal.SinkWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects records in a list that is part of the pipeline's state: its length is checkpointed and
 * a restore truncates the list to it, so after a crash and a restore it holds what an
 * uninterrupted run would (exactly-once). Not thread-safe.
 *
 * @param <T> the record type
 */
public final class CollectingSink<T> extends Sink<T> {

  private final List<T> records = new ArrayList<>();

  /** An empty collecting sink. */
  public CollectingSink() {}

  /** The records collected, in order (a live read-only view). */
  public List<T> records() {
    return Collections.unmodifiableList(records);
  }

  @Override
  SinkWriter<T> newWriter() {
    return new SinkWriter<>() {
      @Override
      public void write(T value) {
        records.add(value);
      }

      @Override
      public Object snapshot(long checkpointId) {
        return records.size();
      }

      @Override
      public void checkpointComplete(long checkpointId) {}

      @Override
      public void restore(long checkpointId, Object state) {
        int keep = state == null ? 0 : (Integer) state;
        records.subList(keep, records.size()).clear();
      }
    };
  }
}
