package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * A map from {@code long} to non-negative {@code int}, open addressing with linear probing and
 * backward-shift deletion (no tombstones), so that a lookup by a primitive key neither boxes nor
 * allocates. Never iterated.
 *
 * <p>Not thread-safe.
 */
final class LongIntMap {

  /** What {@link #get} returns for a key that is not there. */
  static final int ABSENT = -1;

  private long[] keys = new long[16];
  private int[] values = new int[16];
  private int size;

  LongIntMap() {
    Arrays.fill(values, ABSENT);
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or {@link #ABSENT}. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int v = values[i];
      if (v == ABSENT) {
        return ABSENT;
      }
      if (keys[i] == key) {
        return v;
      }
    }
  }

  /** Maps {@code key} to {@code value} (>= 0), replacing any value it had. */
  void put(long key, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != ABSENT) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  /** Removes {@code key} if it is there; the entries after it in its run move back into the gap. */
  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      if (values[i] == ABSENT) {
        return;
      }
      if (keys[i] == key) {
        break;
      }
      i = (i + 1) & mask;
    }
    size--;
    int gap = i;
    for (int j = (gap + 1) & mask; values[j] != ABSENT; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      // j's entry may fill the gap unless its home lies cyclically in (gap, j]
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    values[gap] = ABSENT;
  }

  /** An independent copy. */
  LongIntMap copy() {
    LongIntMap c = new LongIntMap();
    c.keys = keys.clone();
    c.values = values.clone();
    c.size = size;
    return c;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, ABSENT);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != ABSENT) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
