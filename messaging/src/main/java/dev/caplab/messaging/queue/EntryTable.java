package dev.caplab.messaging.queue;

/**
 * The queue's live messages by sequence number: an open-addressing hash table with linear probing
 * and backward-shift deletion, keyed by the primitive {@code long}, so that a send, a delete or a
 * receipt lookup boxes nothing and allocates no node. Sequences are never 0, which marks a free
 * slot. Kept at most half full.
 *
 * <p>Not thread-safe: owned by one queue.
 */
final class EntryTable {

  private static final int INITIAL_CAPACITY = 64;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long[] keys = new long[INITIAL_CAPACITY];
  private Entry[] values = new Entry[INITIAL_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  Entry get(long sequence) {
    int mask = keys.length - 1;
    for (int i = slot(sequence, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == sequence) {
        return values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  /** Adds {@code e} under its sequence, which must not be present. */
  void put(Entry e) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(e);
    size++;
  }

  /** Removes the entry under {@code sequence}, if any. */
  void remove(long sequence) {
    int mask = keys.length - 1;
    int i = slot(sequence, mask);
    while (keys[i] != sequence) {
      if (keys[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    size--;
    // Backward shift: move later entries of the probe run into the hole when their home allows.
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
  }

  private void insert(Entry e) {
    int mask = keys.length - 1;
    int i = slot(e.sequence, mask);
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = e.sequence;
    values[i] = e;
  }

  private void grow() {
    Entry[] old = values;
    keys = new long[keys.length * 2];
    values = new Entry[values.length * 2];
    for (Entry e : old) {
      if (e != null) {
        insert(e);
      }
    }
  }

  private static int slot(long key, int mask) {
    return (int) ((key * GOLDEN) >>> 40) & mask;
  }
}
