package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * The open windows of one key, in parallel primitive arrays: bounds, the pending event-time timer
 * (the end - 1, then the cleanup time), the early-firing deadline, and the accumulator ({@code a0}
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
  long[] earlyDue = new long[2];
  boolean[] earlyArmed = new boolean[2];
  long[] a0 = new long[2];
  long[] count = new long[2];
  Object[] acc;

  KeyWindows(K key, boolean generic) {
    this.key = key;
    this.acc = generic ? new Object[2] : null;
  }

  /** The index of the window starting at {@code s}, or -1. */
  int find(long s) {
    int l = last;
    if (l < n && start[l] == s) {
      return l;
    }
    long[] st = start;
    for (int i = 0, m = n; i < m; i++) {
      if (st[i] == s) {
        last = i;
        return i;
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

  /** Removes window {@code i}; the last window takes its index. */
  void remove(int i) {
    int m = --n;
    if (i != m) {
      start[i] = start[m];
      end[i] = end[m];
      timer[i] = timer[m];
      earlyDue[i] = earlyDue[m];
      earlyArmed[i] = earlyArmed[m];
      a0[i] = a0[m];
      count[i] = count[m];
      if (acc != null) {
        acc[i] = acc[m];
      }
    }
    if (acc != null) {
      acc[m] = null;
    }
  }

  private void grow() {
    int c = start.length * 2;
    start = Arrays.copyOf(start, c);
    end = Arrays.copyOf(end, c);
    timer = Arrays.copyOf(timer, c);
    earlyDue = Arrays.copyOf(earlyDue, c);
    earlyArmed = Arrays.copyOf(earlyArmed, c);
    a0 = Arrays.copyOf(a0, c);
    count = Arrays.copyOf(count, c);
    if (acc != null) {
      acc = Arrays.copyOf(acc, c);
    }
  }
}
