package dev.caplab.messaging.saga;

import dev.caplab.node.Storage;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A node storage for tests: {@link #crash()} throws away every unsynced write, as a node's crash does. */
class MapStorage implements Storage {

  private TreeMap<String, Object> durable = new TreeMap<>();
  private TreeMap<String, Object> current = new TreeMap<>();
  int syncs;

  @Override
  public void put(String key, Object value) {
    current.put(key, value);
  }

  @Override
  public void remove(String key) {
    current.remove(key);
  }

  @Override
  public Object get(String key) {
    return current.get(key);
  }

  @Override
  public SortedSet<String> keys() {
    return new TreeSet<>(current.keySet());
  }

  @Override
  public void sync() {
    durable = new TreeMap<>(current);
    syncs++;
  }

  @Override
  public int unsyncedWrites() {
    return current.equals(durable) ? 0 : 1;
  }

  void crash() {
    current = new TreeMap<>(durable);
  }
}
