package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * The open windows of one key, in parallel primitive arrays: bounds, the event-time timer due
 * (the end - 1, then the cleanup time) and the time of its entry in the timer queue (a session
 * that grows keeps its earlier entry, which moves on when it comes due), the early-firing deadline, and the accumulator ({@code a0}
 * and the element count {@code count} for the built-in aggregations, {@code acc} for user ones).
 * A window's contents are empty when its count is 0 (never filled, or purged).
 *
 * <p>Not thread-safe.
 */
final class KeyWindows<K> {

  final K key;
  int n;
  private int last;
  long[] start = new long[2];
  long[] end = new long[2];
  long[] timer = new long[2];
  long[] queuedAt = new long[2];
  long[] earlyDue = new long[2];
  boolean[] earlyArmed = new boolean[2];
  long[] a0 = new long[2];
  long[] count = new long[2];
  Object[] acc;

  KeyWindows(K key, boolean generic) {
    this.key = key;
    this.acc = generic ? new Object[2] : null;
  }

  /**
   * The index of the window starting at {@code s}, or -1. Windows are kept in creation order, which
   * is mostly start order, and an element's sliding windows are asked for latest first, so the
   * neighbours of the last hit and then the newest windows are tried first.
   */
  int find(long s) {
    long[] st = start;
    int m = n;
    int l = last;
    if (l < m && st[l] == s) {
      return l;
    }
    if (l > 0 && l - 1 < m && st[l - 1] == s) {
      return last = l - 1;
    }
    if (l + 1 < m && st[l + 1] == s) {
      return last = l + 1;
    }
    for (int i = m - 1; i >= 0; i--) {
      if (st[i] == s) {
        return last = i;
      }
    }
    return -1;
  }

  /** Adds an empty window and returns its index. */
  int add(long s, long e) {
    if (n == start.length) {
      grow();
    }
    int i = n++;
    start[i] = s;
    end[i] = e;
    earlyArmed[i] = false;
    a0[i] = 0;
    count[i] = 0;
    if (acc != null) {
      acc[i] = null;
    }
    last = i;
    return i;
  }

  /** Removes window {@code i}, keeping the others in creation order. */
  void remove(int i) {
    int m = --n;
    int tail = m - i;
    if (tail > 0) {
      System.arraycopy(start, i + 1, start, i, tail);
      System.arraycopy(end, i + 1, end, i, tail);
      System.arraycopy(timer, i + 1, timer, i, tail);
      System.arraycopy(queuedAt, i + 1, queuedAt, i, tail);
      System.arraycopy(earlyDue, i + 1, earlyDue, i, tail);
      System.arraycopy(earlyArmed, i + 1, earlyArmed, i, tail);
      System.arraycopy(a0, i + 1, a0, i, tail);
      System.arraycopy(count, i + 1, count, i, tail);
      if (acc != null) {
        System.arraycopy(acc, i + 1, acc, i, tail);
      }
    }
    if (acc != null) {
      acc[m] = null;
    }
    if (last >= m) {
      last = 0;
    }
  }

  private void grow() {
    int c = start.length * 2;
    start = Arrays.copyOf(start, c);
    end = Arrays.copyOf(end, c);
    timer = Arrays.copyOf(timer, c);
    queuedAt = Arrays.copyOf(queuedAt, c);
    earlyDue = Arrays.copyOf(earlyDue, c);
    earlyArmed = Arrays.copyOf(earlyArmed, c);
    a0 = Arrays.copyOf(a0, c);
    count = Arrays.copyOf(count, c);
    if (acc != null) {
      acc = Arrays.copyOf(acc, c);
    }
  }
}
