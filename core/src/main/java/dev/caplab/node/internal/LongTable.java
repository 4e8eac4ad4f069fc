package dev.caplab.node.internal;

import java.util.Arrays;

/**
 * A map from positive {@code long} keys to objects without boxing: open addressing with linear
 * probing and backward-shift deletion, so a lookup, insertion or removal allocates nothing once
 * the table has grown to its peak size. Request ids are per-sender sequence numbers, so the keys
 * of one node's pending requests are mostly consecutive; Fibonacci hashing spreads them anyway.
 *
 * <p>Not thread-safe: owned by one node.
 *
 * @param <V> the value type
 */
final class LongTable<V> {

  private static final long EMPTY = 0;
  private static final int INITIAL_CAPACITY = 16;

  private long[] keys = new long[INITIAL_CAPACITY];
  private Object[] values = new Object[INITIAL_CAPACITY];
  private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    if (size == 0) {
      return null;
    }
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == EMPTY) {
        return null;
      }
    }
  }

  /**
   * Maps {@code key} to {@code value}.
   *
   * @throws IllegalArgumentException if {@code key} is not positive
   * @throws IllegalStateException if {@code key} is already mapped
   */
  void put(long key, V value) {
    if (key <= 0) {
      throw new IllegalArgumentException("key must be > 0, got " + key);
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        throw new IllegalStateException("key " + key + " is already in the table");
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  /** Removes {@code key}'s mapping and returns its value, or null if there was none. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    if (size == 0 || key == EMPTY) { // no key is EMPTY: it marks a free slot, not a mapping
      return null;
    }
    int mask = keys.length - 1;
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == EMPTY) {
        return null;
      }
      i = (i + 1) & mask;
    }
    V old = (V) values[i];
    // Backward shift: move later entries of the probe run into the hole, so lookups never need
    // tombstones and the table never degrades with churn.
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    values[hole] = null;
    size--;
    return old;
  }

  /** Calls {@code action} with every value, in table order (not insertion order). */
  @SuppressWarnings("unchecked")
  void forEachValue(java.util.function.Consumer<? super V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        action.accept((V) values[i]);
      }
    }
  }

  /** Removes every mapping. */
  void clear() {
    Arrays.fill(keys, EMPTY);
    Arrays.fill(values, null);
    size = 0;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    shift--;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], (V) oldValues[i]);
      }
    }
  }
}
