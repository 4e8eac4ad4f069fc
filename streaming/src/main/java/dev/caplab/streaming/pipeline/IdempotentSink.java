package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.internal.SinkWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Upserts each record into an external table under its key (an idempotent write, as a key-value
 * store or a database {@code UPSERT}): a replay rewrites the same keys with the same values, so
 * the table ends as an uninterrupted run's, although a key may briefly go back to an older value
 * while the replay catches up. Keys keep their first insertion order. Not thread-safe.
 *
 * @param <K> the key type
 * @param <T> the record type
 */
public final class IdempotentSink<K, T> extends Sink<T> {

  private final Function<? super T, ? extends K> keyOf;
  private final LinkedHashMap<K, T> table = new LinkedHashMap<>();
  private long writes;

  /** A sink keyed by {@code keyOf}. */
  public IdempotentSink(Function<? super T, ? extends K> keyOf) {
    this.keyOf = Require.notNull(keyOf, "keyOf");
  }

  /** The table (a live read-only view). */
  public Map<K, T> table() {
    return Collections.unmodifiableMap(table);
  }

  /** Upserts done, replays included. */
  public long writes() {
    return writes;
  }

  @Override
  SinkWriter<T> newWriter() {
    return new SinkWriter<>() {
      @Override
      public void write(T value) {
        writes++;
        table.put(keyOf.apply(value), value);
      }

      @Override
      public Object snapshot(long checkpointId) {
        return null;
      }

      @Override
      public void checkpointComplete(long checkpointId) {}

      @Override
      public void restore(long checkpointId, Object state) {}
    };
  }
}
