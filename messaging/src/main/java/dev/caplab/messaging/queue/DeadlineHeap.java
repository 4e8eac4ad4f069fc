package dev.caplab.messaging.queue;

import java.util.Arrays;

/**
 * A binary min-heap of entries by (deadline, sequence), with each entry's index stored in the
 * entry so that removing or re-timing one is O(log n): the in-flight messages by visibility
 * deadline, the delayed ones by delivery time. Ties go to the older message, so the order in which
 * messages come back is deterministic.
 *
 * <p>Not thread-safe: owned by one queue.
 */
final class DeadlineHeap {

  private static final int INITIAL_CAPACITY = 16;

  private Entry[] entries = new Entry[INITIAL_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  /** The entry with the earliest deadline, or null. */
  Entry peek() {
    return size == 0 ? null : entries[0];
  }

  void add(Entry e) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size] = e;
    e.heapIndex = size;
    size++;
    siftUp(e.heapIndex);
  }

  /** Removes and returns the earliest entry, or null. */
  Entry poll() {
    if (size == 0) {
      return null;
    }
    Entry first = entries[0];
    removeAt(0);
    return first;
  }

  /** Removes {@code e}, which must be in this heap. */
  void remove(Entry e) {
    removeAt(e.heapIndex);
  }

  /** Restores the order after {@code e}'s deadline changed. */
  void update(Entry e) {
    siftUp(e.heapIndex);
    siftDown(e.heapIndex);
  }

  private void removeAt(int i) {
    Entry removed = entries[i];
    size--;
    Entry last = entries[size];
    entries[size] = null;
    removed.heapIndex = -1;
    if (i < size) {
      entries[i] = last;
      last.heapIndex = i;
      siftUp(i);
      siftDown(last.heapIndex);
    }
  }

  private void siftUp(int i) {
    Entry e = entries[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Entry p = entries[parent];
      if (!before(e, p)) {
        break;
      }
      entries[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    entries[i] = e;
    e.heapIndex = i;
  }

  private void siftDown(int i) {
    Entry e = entries[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(entries[right], entries[child])) {
        child = right;
      }
      Entry c = entries[child];
      if (!before(c, e)) {
        break;
      }
      entries[i] = c;
      c.heapIndex = i;
      i = child;
    }
    entries[i] = e;
    e.heapIndex = i;
  }

  private static boolean before(Entry a, Entry b) {
    return a.deadlineNanos < b.deadlineNanos
        || (a.deadlineNanos == b.deadlineNanos && a.sequence < b.sequence);
  }
}
