package dev.caplab.node.internal;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Many deadlines of one node on one timer: an indexed min-heap ordered by (time, insertion
 * order), with a wake-up armed only when a deadline comes due before every wake-up already
 * pending. Each entry's time and insertion number are also kept in arrays beside the heap, so
 * sifting compares array elements instead of visiting every deadline object on its path. A deadline that is removed before it is due leaves the heap at once, so a finished
 * request is not kept alive until its time; a wake-up that finds nothing due costs one event and
 * arms the next one needed.
 *
 * <p>Not thread-safe: owned by one node incarnation.
 */
final class Deadlines {

  /** Something due at a point in time; {@link #expire} runs when it is reached. */
  abstract static class Deadline {
    private long at;
    private long seq;
    private int index = -1;

    /** Whether it is waiting in a heap. */
    final boolean isScheduled() {
      return index >= 0;
    }

    /** When it is (or was) due, in nanoseconds. */
    final long at() {
      return at;
    }

    abstract void expire();
  }

  private final LongConsumer wakeAt;
  private Deadline[] heap = new Deadline[16];
  /** The time and insertion number of {@code heap[i]}. */
  private long[] ats = new long[16];
  private long[] seqs = new long[16];
  private int size;
  private long nextSeq;
  /** The times of the wake-ups asked for and not yet come, as a min-heap. */
  private long[] wakeups = new long[4];
  private int wakeupCount;

  /** {@code wakeAt} must call {@link #expire(long)} at (or after) the time it is given. */
  Deadlines(LongConsumer wakeAt) {
    this.wakeAt = wakeAt;
  }

  int size() {
    return size;
  }

  /** Schedules {@code d} for {@code atNanos}; it must not be scheduled already. */
  void add(Deadline d, long atNanos) {
    if (d.index >= 0) {
      throw new IllegalStateException("the deadline is already scheduled");
    }
    d.at = atNanos;
    d.seq = nextSeq++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
      ats = Arrays.copyOf(ats, size * 2);
      seqs = Arrays.copyOf(seqs, size * 2);
    }
    siftUp(size++, d);
    armIfNeeded();
  }

  /** Unschedules {@code d} if it is waiting. */
  void remove(Deadline d) {
    int i = d.index;
    if (i < 0) {
      return;
    }
    d.index = -1;
    Deadline last = heap[--size];
    heap[size] = null;
    if (i < size) {
      siftDown(i, last);
      if (last.index == i) {
        siftUp(i, last);
      }
    }
  }

  /** A wake-up at {@code now}: expires every deadline due, in (time, insertion) order, then re-arms. */
  void expire(long now) {
    while (wakeupCount > 0 && wakeups[0] <= now) {
      popWakeup();
    }
    while (size > 0 && ats[0] <= now) {
      Deadline d = heap[0];
      remove(d);
      d.expire();
    }
    armIfNeeded();
  }

  /** Asks for a wake-up at the earliest deadline unless one is pending at or before it. */
  private void armIfNeeded() {
    if (size == 0) {
      return;
    }
    long earliest = heap[0].at;
    if (wakeupCount > 0 && wakeups[0] <= earliest) {
      return;
    }
    pushWakeup(earliest);
    wakeAt.accept(earliest);
  }

  private void pushWakeup(long at) {
    if (wakeupCount == wakeups.length) {
      wakeups = Arrays.copyOf(wakeups, wakeupCount * 2);
    }
    int i = wakeupCount++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (wakeups[parent] <= at) {
        break;
      }
      wakeups[i] = wakeups[parent];
      i = parent;
    }
    wakeups[i] = at;
  }

  private void popWakeup() {
    long last = wakeups[--wakeupCount];
    int i = 0;
    int half = wakeupCount >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < wakeupCount && wakeups[child + 1] < wakeups[child]) {
        child++;
      }
      if (wakeups[child] >= last) {
        break;
      }
      wakeups[i] = wakeups[child];
      i = child;
    }
    if (wakeupCount > 0) {
      wakeups[i] = last;
    }
  }

  /** Whether the entry at {@code i} comes before one due at {@code at} inserted as {@code seq}. */
  private boolean before(int i, long at, long seq) {
    return ats[i] < at || (ats[i] == at && seqs[i] < seq);
  }

  private void place(int i, Deadline d, long at, long seq) {
    heap[i] = d;
    ats[i] = at;
    seqs[i] = seq;
    d.index = i;
  }

  /** Puts {@code d} at {@code i} (a hole) or above it, moving later parents down. */
  private void siftUp(int i, Deadline d) {
    long at = d.at;
    long seq = d.seq;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!(at < ats[parent] || (at == ats[parent] && seq < seqs[parent]))) {
        break; // the parent comes first
      }
      place(i, heap[parent], ats[parent], seqs[parent]);
      i = parent;
    }
    place(i, d, at, seq);
  }

  /** Puts {@code d} at {@code i} (a hole) or below it, moving earlier children up. */
  private void siftDown(int i, Deadline d) {
    long at = d.at;
    long seq = d.seq;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(right, ats[child], seqs[child])) {
        child = right;
      }
      if (!before(child, at, seq)) {
        break;
      }
      place(i, heap[child], ats[child], seqs[child]);
      i = child;
    }
    place(i, d, at, seq);
  }
}
