package dev.caplab.streaming.window;

/**
 * {@link Timers} as one min-heap of every timer on primitive arrays, ordered by (time, sequence
 * number): the right shape for session windows, whose timers are all at different times.
 *
 * <p>Not thread-safe. Allocates only when it grows.
 */
final class TimerQueue<K> implements Timers<K> {

  private long[] times = new long[64];
  private long[] seqs = new long[64];
  private long[] starts = new long[64];
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
    return times[0];
  }

  @Override
  public long peekStart() {
    return starts[0];
  }

  @Override
  @SuppressWarnings("unchecked")
  public KeyWindows<K> peekOwner() {
    return (KeyWindows<K>) owners[0];
  }

  @Override
  public void push(long time, KeyWindows<K> owner, long start) {
    if (size == times.length) {
      grow();
    }
    long seq = nextSeq++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(time, seq, times[parent], seqs[parent])) {
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
    long time = times[last];
    long seq = seqs[last];
    Object owner = owners[last];
    long start = starts[last];
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
    int n = size;
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < n && less(times[right], seqs[right], times[child], seqs[child])) {
        child = right;
      }
      if (!less(times[child], seqs[child], time, seq)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, time, seq, owner, start);
  }

  private static boolean less(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    owners[to] = owners[from];
    starts[to] = starts[from];
  }

  private void set(int i, long time, long seq, Object owner, long start) {
    times[i] = time;
    seqs[i] = seq;
    owners[i] = owner;
    starts[i] = start;
  }

  private void grow() {
    int n = times.length * 2;
    times = java.util.Arrays.copyOf(times, n);
    seqs = java.util.Arrays.copyOf(seqs, n);
    starts = java.util.Arrays.copyOf(starts, n);
    owners = java.util.Arrays.copyOf(owners, n);
  }
}
