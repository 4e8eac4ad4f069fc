package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * {@link Timers} as one min-heap of every timer on primitive arrays, ordered by (time, sequence
 * number): the right shape for session windows, whose timers are all at different times.
 *
 * <p>Not thread-safe. Allocates only when it grows.
 */
final class TimerQueue<K> implements Timers<K> {

  /** Time, sequence number and window start of each entry, side by side: one cache line a compare. */
  private static final int STRIDE = 3;

  private long[] entries = new long[64 * STRIDE];
  private Object[] owners = new Object[64];
  private int size;
  private long nextSeq;

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long peekTime() {
    return entries[0];
  }

  @Override
  public long peekStart() {
    return entries[2];
  }

  @Override
  @SuppressWarnings("unchecked")
  public KeyWindows<K> peekOwner() {
    return (KeyWindows<K>) owners[0];
  }

  @Override
  public void push(long time, KeyWindows<K> owner, long start) {
    if (size == owners.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
      owners = Arrays.copyOf(owners, owners.length * 2);
    }
    long seq = nextSeq++;
    long[] e = entries;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(time, seq, e[parent * STRIDE], e[parent * STRIDE + 1])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, time, seq, owner, start);
  }

  @Override
  public void pop() {
    int last = --size;
    long[] e = entries;
    long time = e[last * STRIDE];
    long seq = e[last * STRIDE + 1];
    long start = e[last * STRIDE + 2];
    Object owner = owners[last];
    owners[last] = null;
    if (last > 0) {
      siftDown(time, seq, owner, start);
    }
  }

  /** {@link #pop()} then {@link #push}, in one pass down the heap. */
  @Override
  public void replaceTop(long time, KeyWindows<K> owner, long start) {
    siftDown(time, nextSeq++, owner, start);
  }

  /** Puts the entry at the root and moves it down to its place among the {@code size} entries. */
  private void siftDown(long time, long seq, Object owner, long start) {
    long[] e = entries;
    int n = size;
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < n && less(e[right * STRIDE], e[right * STRIDE + 1], e[child * STRIDE], e[child * STRIDE + 1])) {
        child = right;
      }
      if (!less(e[child * STRIDE], e[child * STRIDE + 1], time, seq)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, time, seq, owner, start);
  }

  @Override
  public TimerQueue<K> copy() {
    TimerQueue<K> c = new TimerQueue<>();
    c.entries = entries.clone();
    c.owners = owners.clone();
    c.size = size;
    c.nextSeq = nextSeq;
    return c;
  }

  private static boolean less(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    long[] e = entries;
    e[to * STRIDE] = e[from * STRIDE];
    e[to * STRIDE + 1] = e[from * STRIDE + 1];
    e[to * STRIDE + 2] = e[from * STRIDE + 2];
    owners[to] = owners[from];
  }

  private void set(int i, long time, long seq, Object owner, long start) {
    entries[i * STRIDE] = time;
    entries[i * STRIDE + 1] = seq;
    entries[i * STRIDE + 2] = start;
    owners[i] = owner;
  }
}
