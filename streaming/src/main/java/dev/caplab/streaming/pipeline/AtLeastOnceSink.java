package dev.caplab.streaming.pipeline;

import dev.caplab.streaming.pipeline.internal.SinkWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Appends every record to an external list and never takes anything back: a restore replays the
 * records written since the last checkpoint, which are then written twice. The sink counts them:
 * at each checkpoint it records how many it had appended, and a restore adds what it had appended
 * beyond that to {@link #duplicates()}. Not thread-safe.
 *
 * @param <T> the record type
 */
public final class AtLeastOnceSink<T> extends Sink<T> {

  private final List<T> appended = new ArrayList<>();
  private long duplicates;

  /** An empty sink. */
  public AtLeastOnceSink() {}

  /** Every record appended, duplicates included, in order (a live read-only view). */
  public List<T> appended() {
    return Collections.unmodifiableList(appended);
  }

  /** Records appended a second time by replays after restores (as counted at each restore). */
  public long duplicates() {
    return duplicates;
  }

  @Override
  SinkWriter<T> newWriter() {
    return new SinkWriter<>() {
      @Override
      public void write(T value) {
        appended.add(value);
      }

      @Override
      public Object snapshot(long checkpointId) {
        return (long) appended.size();
      }

      @Override
      public void checkpointComplete(long checkpointId) {}

      @Override
      public void restore(long checkpointId, Object state) {
        long atCheckpoint = state == null ? 0 : (Long) state;
        duplicates += appended.size() - atCheckpoint;
      }
    };
  }
}
