package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * The open windows of one key, interleaved in one {@code long[]} of {@value #STRIDE} slots a window
 * so that updating a window touches one cache line: bounds, the event-time timer due (the end - 1,
 * then the cleanup time) and the time of its entry in the timer queue (a session that grows keeps
 * its earlier entry, which moves on when it comes due), the accumulator ({@code A0} and the element
 * count for the built-in aggregations; {@code acc} holds user accumulators), the early-firing
 * deadline and whether it is armed. A window's contents are empty when its count is 0 (never
 * filled, or purged). Windows are kept in creation order.
 *
 * <p>Not thread-safe.
 */
final class ReferenceKeyWindows<K> {

  static final int STRIDE = 8;
  static final int START = 0;
  static final int END = 1;
  static final int TIMER = 2;
  static final int QUEUED = 3;
  static final int A0 = 4;
  static final int COUNT = 5;
  static final int EARLY_DUE = 6;
  static final int ARMED = 7;

  final K key;
  int n;
  private int last;
  long[] w = new long[2 * STRIDE];
  Object[] acc;

  ReferenceKeyWindows(K key, boolean generic) {
    this.key = key;
    this.acc = generic ? new Object[2] : null;
  }

  /**
   * The index of the window starting at {@code s}, or -1. Windows are kept in creation order, which
   * is mostly start order, and an element's sliding windows are asked for latest first, so the
   * neighbours of the last hit and then the newest windows are tried first.
   */
  int find(long s) {
    long[] a = w;
    int m = n;
    int l = last;
    if (l < m && a[l * STRIDE] == s) {
      return l;
    }
    if (l > 0 && l - 1 < m && a[(l - 1) * STRIDE] == s) {
      return last = l - 1;
    }
    if (l + 1 < m && a[(l + 1) * STRIDE] == s) {
      return last = l + 1;
    }
    for (int i = m - 1; i >= 0; i--) {
      if (a[i * STRIDE] == s) {
        return last = i;
      }
    }
    return -1;
  }

  /** Adds an empty window and returns its index. */
  int add(long s, long e) {
    if ((n + 1) * STRIDE > w.length) {
      w = Arrays.copyOf(w, w.length * 2);
      if (acc != null) {
        acc = Arrays.copyOf(acc, acc.length * 2);
      }
    }
    int i = n++;
    int b = i * STRIDE;
    Arrays.fill(w, b, b + STRIDE, 0L);
    w[b + START] = s;
    w[b + END] = e;
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
      System.arraycopy(w, (i + 1) * STRIDE, w, i * STRIDE, tail * STRIDE);
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
}
