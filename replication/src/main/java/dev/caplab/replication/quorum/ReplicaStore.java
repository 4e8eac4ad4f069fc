package dev.caplab.replication.quorum;

import dev.caplab.node.Storage;
import java.util.HashMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A replica's keys in node {@link Storage}: data under {@code "d/"}, hints under {@code "h/"}.
 * Not thread-safe: the node's thread.
 */
final class ReplicaStore {

  static final String DATA = "d/";
  static final String HINTS = "h/";

  private final Storage storage;
  private final boolean sync;
  /**
   * Volatile mirror of the data keys, loaded at start and updated with every write: reads skip
   * the storage's sorted map and the prefixed-key concatenation. A crash discards it with the
   * rest of the node; the next incarnation reloads it from what survived.
   */
  private final HashMap<String, Slot> cache = new HashMap<>();

  /** A key's state and its prefixed storage key, built once per key instead of once per write. */
  private static final class Slot {
    final String storageKey;
    Siblings value;

    Slot(String storageKey, Siblings value) {
      this.storageKey = storageKey;
      this.value = value;
    }
  }

  ReplicaStore(Storage storage, boolean sync) {
    this.storage = storage;
    this.sync = sync;
    for (String k : storage.keys()) {
      if (k.startsWith(DATA)) {
        cache.put(k.substring(DATA.length()), new Slot(k, (Siblings) storage.get(k)));
      }
    }
  }

  Siblings get(String key) {
    Slot slot = cache.get(key);
    return slot == null ? null : slot.value;
  }

  /** Merges {@code incoming} into the key's state; returns the new state. */
  Siblings merge(String key, Siblings incoming) {
    Slot slot = cache.get(key);
    Siblings old = slot == null ? null : slot.value;
    Siblings merged = Siblings.merge(old, incoming);
    if (Siblings.changed(old, merged)) {
      if (slot == null) {
        slot = new Slot(DATA + key, merged);
        cache.put(key, slot);
      } else {
        slot.value = merged;
      }
      storage.put(slot.storageKey, merged);
      if (sync) {
        storage.sync();
      }
    }
    return merged;
  }

  /** Every data key with its state, sorted by key. */
  SortedMap<String, Siblings> data() {
    return data(storage);
  }

  static SortedMap<String, Siblings> data(Storage storage) {
    TreeMap<String, Siblings> out = new TreeMap<>();
    for (String k : storage.keys()) {
      if (k.startsWith(DATA)) {
        out.put(k.substring(DATA.length()), (Siblings) storage.get(k));
      }
    }
    return out;
  }

  Storage storage() {
    return storage;
  }

  boolean syncs() {
    return sync;
  }
}
