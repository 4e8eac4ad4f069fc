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
 * <p>Sliding windows with built-in aggregations and accumulating panes keep their contents in
 * panes instead: slices of {@code gcd(size, slide)} that each element updates once, {@value
 * #PANE_STRIDE} slots each (start, count, {@code A0}), in start order, which a window combines when
 * it fires.
 *
 * <p>Not thread-safe.
 */
final class KeyWindows<K> {

  static final int STRIDE = 8;
  static final int START = 0;
  static final int END = 1;
  static final int TIMER = 2;
  static final int QUEUED = 3;
  static final int A0 = 4;
  static final int COUNT = 5;
  static final int EARLY_DUE = 6;
  static final int ARMED = 7;

  static final int PANE_STRIDE = 4;
  static final int P_START = 0;
  static final int P_COUNT = 1;
  static final int P_A0 = 2;

  final K key;
  /** The key's hash code, kept for {@link KeyTable}. */
  final int hash;
  int n;
  /** The window found or added last: the first one {@link #find} tries. */
  int last;
  long[] w = new long[2 * STRIDE];
  Object[] acc;
  int pn;
  long[] p;

  KeyWindows(K key, boolean generic) {
    this.key = key;
    this.hash = key.hashCode();
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

  /**
   * The index of the pane starting at {@code s}, or -1. Panes are kept in start order and are
   * mostly consecutive slices, and most elements go to the newest pane or the one before, so those
   * two are tried first, then the index {@code (s - first) / slice}, then a binary search.
   */
  int findPane(long s, long slice) {
    long[] a = p;
    int m = pn;
    if (m == 0) {
      return -1;
    }
    int newest = m - 1;
    if (a[newest * PANE_STRIDE] == s) {
      return newest;
    }
    if (newest > 0 && a[(newest - 1) * PANE_STRIDE] == s) {
      return newest - 1;
    }
    long guess = (s - a[0]) / slice;
    if (guess >= 0 && guess < m && a[(int) guess * PANE_STRIDE] == s) {
      return (int) guess;
    }
    int i = panePosition(s);
    return i < m && a[i * PANE_STRIDE] == s ? i : -1;
  }

  /** The index of the first pane starting at or after {@code s} ({@code pn} if none does). */
  int panePosition(long s) {
    int lo = 0;
    int hi = pn;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (p[mid * PANE_STRIDE] < s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Adds an empty pane starting at {@code s} (which no pane has) in start order; returns its index. */
  int addPane(long s) {
    if (p == null) {
      p = new long[4 * PANE_STRIDE];
    } else if ((pn + 1) * PANE_STRIDE > p.length) {
      p = Arrays.copyOf(p, p.length * 2);
    }
    int i = pn == 0 || p[(pn - 1) * PANE_STRIDE] < s ? pn : panePosition(s);
    int b = i * PANE_STRIDE;
    if (i < pn) {
      System.arraycopy(p, b, p, b + PANE_STRIDE, (pn - i) * PANE_STRIDE);
    }
    pn++;
    Arrays.fill(p, b, b + PANE_STRIDE, 0L);
    p[b + P_START] = s;
    return i;
  }

  /** Removes the panes starting before {@code s}. */
  void removePanesBefore(long s) {
    int k = 0;
    while (k < pn && p[k * PANE_STRIDE] < s) {
      k++;
    }
    if (k > 0) {
      System.arraycopy(p, k * PANE_STRIDE, p, 0, (pn - k) * PANE_STRIDE);
      pn -= k;
    }
  }
}
