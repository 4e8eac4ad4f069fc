package dev.caplab.node.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The calls waiting for replies, by request id: a ring indexed by the id's low bits, with a
 * {@link LongTable} beside it for the few ids the ring cannot hold. A runtime numbers a node's
 * requests in sequence, so the ids in flight form a window, usually shorter than the ring: each
 * id then has a slot of its own, and a lookup, insertion or removal is one array access, with no
 * hashing, probing or shifting. An id whose slot is taken by another (a request still pending
 * from a full ring's length of requests ago) first makes the ring grow while it is at least half
 * full and below {@link #DEFAULT_MAX_CAPACITY}; otherwise the older entry moves to the overflow
 * table, so one long-pending request never makes the ring grow without bound.
 *
 * <p>Not thread-safe: owned by one node.
 *
 * @param <V> the value type
 */
final class RequestTable<V> {

  /** The ring's first size: a node with up to about 32 requests in flight never grows it. */
  static final int DEFAULT_INITIAL_CAPACITY = 64;
  /** The ring's largest size (16,384 slots, 192 kB): beyond it, clashes go to the overflow table. */
  static final int DEFAULT_MAX_CAPACITY = 1 << 14;

  private static final long EMPTY = 0;

  private final int maxCapacity;
  private long[] keys;
  private Object[] values;
  private int ringSize;
  /** Entries moved out of the ring by a clash (null until the first). */
  private LongTable<V> overflow;

  RequestTable() {
    this(DEFAULT_INITIAL_CAPACITY, DEFAULT_MAX_CAPACITY);
  }

  /** Both capacities powers of two, {@code initialCapacity <= maxCapacity}. */
  RequestTable(int initialCapacity, int maxCapacity) {
    if (Integer.bitCount(initialCapacity) != 1 || Integer.bitCount(maxCapacity) != 1 || initialCapacity > maxCapacity) {
      throw new IllegalArgumentException("capacities must be powers of two with initial <= max, got "
          + initialCapacity + " and " + maxCapacity);
    }
    this.maxCapacity = maxCapacity;
    this.keys = new long[initialCapacity];
    this.values = new Object[initialCapacity];
  }

  int size() {
    return ringSize + (overflow == null ? 0 : overflow.size());
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** The ring's current number of slots (for tests). */
  int ringCapacity() {
    return keys.length;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int slot = (int) key & (keys.length - 1);
    if (keys[slot] == key) {
      return (V) values[slot];
    }
    return overflow == null ? null : overflow.get(key);
  }

  /**
   * Maps {@code key} to {@code value} (not null).
   *
   * @throws IllegalArgumentException if {@code key} is not positive
   * @throws IllegalStateException if {@code key} is already mapped
   */
  @SuppressWarnings("unchecked")
  void put(long key, V value) {
    if (key <= 0) {
      throw new IllegalArgumentException("key must be > 0, got " + key);
    }
    Objects.requireNonNull(value, "value");
    if (get(key) != null) {
      throw new IllegalStateException("key " + key + " is already in the table");
    }
    int slot = (int) key & (keys.length - 1);
    while (keys[slot] != EMPTY && ringSize * 2 >= keys.length && keys.length < maxCapacity) {
      grow();
      slot = (int) key & (keys.length - 1);
    }
    if (keys[slot] != EMPTY) {
      overflow().put(keys[slot], (V) values[slot]);
      ringSize--;
    }
    keys[slot] = key;
    values[slot] = value;
    ringSize++;
  }

  /** Removes {@code key}'s mapping and returns its value, or null if there was none. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    int slot = (int) key & (keys.length - 1);
    if (keys[slot] == key && key != EMPTY) { // no key is EMPTY: it marks a free slot, not a mapping
      V old = (V) values[slot];
      keys[slot] = EMPTY;
      values[slot] = null;
      ringSize--;
      return old;
    }
    return overflow == null ? null : overflow.remove(key);
  }

  /** Calls {@code action} with every value: the ring's in slot order, then the overflow's. */
  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<? super V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept((V) values[i]);
      }
    }
    if (overflow != null) {
      overflow.forEachValue(action);
    }
  }

  /** Removes every mapping. */
  void clear() {
    Arrays.fill(keys, EMPTY);
    Arrays.fill(values, null);
    ringSize = 0;
    overflow = null;
  }

  private LongTable<V> overflow() {
    if (overflow == null) {
      overflow = new LongTable<>();
    }
    return overflow;
  }

  /**
   * Doubles the ring. Entries in different slots differ in their low bits, so they stay in
   * different slots of the larger ring.
   */
  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k != EMPTY) {
        int slot = (int) k & mask;
        keys[slot] = k;
        values[slot] = oldValues[i];
      }
    }
  }
}
