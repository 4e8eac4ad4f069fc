package dev.caplab.sim.internal;

import dev.caplab.node.Storage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link Storage} as a durable sorted map plus an overlay of unsynced writes that a crash
 * discards. Not thread-safe.
 */
final class SimStorage implements Storage {

  private static final Object REMOVED = new Object();

  private final TreeMap<String, Object> durable = new TreeMap<>();
  private final Map<String, Object> pending = new LinkedHashMap<>();
  private int unsynced;

  @Override
  public void put(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value (use remove to delete a key)");
    pending.put(key, value);
    unsynced++;
  }

  @Override
  public void remove(String key) {
    Objects.requireNonNull(key, "key");
    pending.put(key, REMOVED);
    unsynced++;
  }

  @Override
  public Object get(String key) {
    Object v = pending.get(key);
    if (v == REMOVED) {
      return null;
    }
    return v != null ? v : durable.get(key);
  }

  @Override
  public SortedSet<String> keys() {
    TreeSet<String> keys = new TreeSet<>(durable.keySet());
    for (Map.Entry<String, Object> e : pending.entrySet()) {
      if (e.getValue() == REMOVED) {
        keys.remove(e.getKey());
      } else {
        keys.add(e.getKey());
      }
    }
    return Collections.unmodifiableSortedSet(keys);
  }

  @Override
  public void sync() {
    for (Map.Entry<String, Object> e : pending.entrySet()) {
      if (e.getValue() == REMOVED) {
        durable.remove(e.getKey());
      } else {
        durable.put(e.getKey(), e.getValue());
      }
    }
    pending.clear();
    unsynced = 0;
  }

  @Override
  public int unsyncedWrites() {
    return unsynced;
  }

  /** Loses every unsynced write. */
  void crash() {
    pending.clear();
    unsynced = 0;
  }
}
