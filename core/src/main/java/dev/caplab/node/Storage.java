package dev.caplab.node;

import java.util.SortedSet;

/**
 * A node's durable key-value storage, with explicit sync as a disk has fsync.
 *
 * <p>Writes are visible to reads at once, but only writes made durable by {@link #sync()} survive
 * a crash: a crash throws away every write since the last sync, as a lost page cache does. Values
 * should be immutable (records, strings, numbers); the storage keeps references, not copies.
 *
 * <p>Not thread-safe: used on the node's thread.
 */
public interface Storage {

  /** Writes a value (not yet durable). */
  void put(String key, Object value);

  /** Removes a key (not yet durable). */
  void remove(String key);

  /** The current value, or null. */
  Object get(String key);

  /** The current value cast to {@code type}, or null. */
  default <T> T get(String key, Class<T> type) {
    return type.cast(get(key));
  }

  /** The current keys, sorted. */
  SortedSet<String> keys();

  /** Makes every write so far durable. */
  void sync();

  /** How many writes since the last sync would a crash lose. */
  int unsyncedWrites();
}
