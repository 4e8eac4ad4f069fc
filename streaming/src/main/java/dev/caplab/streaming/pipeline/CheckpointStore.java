package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.node.Storage;
import java.util.Optional;

/**
 * Where a pipeline keeps its completed checkpoints; a restore starts from {@link #latest()}. Like
 * Flink's checkpoint storage with one retained checkpoint. {@link #inMemory()} for embedding and
 * tests (it survives as long as the object does); {@link #durable(Storage, String)} on a
 * simulation node's durable storage (synced on every save, so a crash keeps it).
 *
 * <p>Implementations are used on the pipeline's thread and need not be thread-safe.
 */
public interface CheckpointStore {

  /** Keeps {@code checkpoint} as the latest. */
  void save(Checkpoint checkpoint);

  /** The latest checkpoint saved, if any. */
  Optional<Checkpoint> latest();

  /** A store in memory. Not thread-safe. */
  static CheckpointStore inMemory() {
    return new CheckpointStore() {
      private Checkpoint latest;

      @Override
      public void save(Checkpoint checkpoint) {
        latest = Require.notNull(checkpoint, "checkpoint");
      }

      @Override
      public Optional<Checkpoint> latest() {
        return Optional.ofNullable(latest);
      }
    };
  }

  /** A store writing to {@code storage} under {@code key}, synced on every save. Not thread-safe. */
  static CheckpointStore durable(Storage storage, String key) {
    Require.notNull(storage, "storage");
    Require.notNull(key, "key");
    return new CheckpointStore() {
      @Override
      public void save(Checkpoint checkpoint) {
        storage.put(key, Require.notNull(checkpoint, "checkpoint"));
        storage.sync();
      }

      @Override
      public Optional<Checkpoint> latest() {
        return Optional.ofNullable(storage.get(key, Checkpoint.class));
      }
    };
  }
}
