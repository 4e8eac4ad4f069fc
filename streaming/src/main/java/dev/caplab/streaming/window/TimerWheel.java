package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * {@link Timers} on a wheel of one-millisecond slots, for session windows: their timers are at many
 * different times but mostly within a few seconds of the last timer handed out, and a session that
 * grows moves its timer once per watermark that passes it. A slot holds the timers of exactly one
 * time in a first-in first-out list, so a push or a move is an append and a pop takes a list's
 * head, where a heap of all timers would sift through a dozen levels each time.
 *
 * <p>The wheel covers {@code [base, base + slots)}, {@code base} being the time of the last timer
 * handed out (timers are never pushed below it by a window operator, whose timers are all after
 * its watermark); later timers wait in a {@link TimerQueue} and move onto the wheel as the base
 * passes them, before any timer of their time can be pushed onto it directly, so each slot's list
 * stays in registration order. Timers come out in the order of {@link TimerQueue}: time, then
 * registration order. A push below the base is still right, only slow: the wheel is emptied into
 * the queue and refilled from the new base.
 *
 * <p>Not thread-safe. Allocates only when it grows.
 */
final class TimerWheel<K> implements Timers<K> {

  private static final int NONE = -1;

  private final int slots;
  private final int mask;
  private int[] head;
  private int[] tail;
  /** A bit per slot, set when the slot's list is not empty. */
  private long[] occupied;
  private TimerQueue<K> later = new TimerQueue<>();

  private long[] nodeStart = new long[64];
  private Object[] nodeOwner = new Object[64];
  private int[] next = new int[64];
  private int nodes;
  private int freeNode = NONE;

  /** Every timer on the wheel is in {@code [base, base + slots)}; every one in {@link #later} after. */
  private long base = Long.MIN_VALUE;
  private int onWheel;
  /** The earliest time on the wheel, when it holds any timer. */
  private long first;

  /** A wheel of {@code slots} one-millisecond slots, a power of two of at least 64. */
  TimerWheel(int slots) {
    if (slots < 64 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two >= 64, got " + slots);
    }
    this.slots = slots;
    this.mask = slots - 1;
    this.head = new int[slots];
    this.tail = new int[slots];
    this.occupied = new long[slots >>> 6];
    Arrays.fill(head, NONE);
  }

  @Override
  public boolean isEmpty() {
    return onWheel == 0 && later.isEmpty();
  }

  @Override
  public int size() {
    return onWheel + later.size();
  }

  @Override
  public long peekTime() {
    return onWheel > 0 ? first : later.peekTime();
  }

  @Override
  public long peekStart() {
    return onWheel > 0 ? nodeStart[head[(int) first & mask]] : later.peekStart();
  }

  @Override
  @SuppressWarnings("unchecked")
  public KeyWindows<K> peekOwner() {
    return onWheel > 0 ? (KeyWindows<K>) nodeOwner[head[(int) first & mask]] : later.peekOwner();
  }

  @Override
  public void push(long time, KeyWindows<K> owner, long start) {
    if (time < base) {
      rebase(time);
    }
    if (Long.compareUnsigned(time - base, slots) < 0) {
      append(time, owner, start);
    } else {
      later.push(time, owner, start);
    }
  }

  @Override
  public void pop() {
    if (onWheel > 0) {
      base = first;
      takeFirst();
    } else {
      base = later.peekTime();
      later.pop();
    }
    refill();
  }

  @Override
  public void replaceTop(long time, KeyWindows<K> owner, long start) {
    pop();
    push(time, owner, start);
  }

  @Override
  public TimerWheel<K> copy() {
    TimerWheel<K> c = new TimerWheel<>(slots);
    c.head = head.clone();
    c.tail = tail.clone();
    c.occupied = occupied.clone();
    c.later = later.copy();
    c.nodeStart = nodeStart.clone();
    c.nodeOwner = nodeOwner.clone();
    c.next = next.clone();
    c.nodes = nodes;
    c.freeNode = freeNode;
    c.base = base;
    c.onWheel = onWheel;
    c.first = first;
    return c;
  }

  /** Appends a timer of a time in {@code [base, base + slots)} to its slot's list. */
  private void append(long time, Object owner, long start) {
    int node = allocate();
    nodeStart[node] = start;
    nodeOwner[node] = owner;
    next[node] = NONE;
    int s = (int) time & mask;
    if (head[s] == NONE) {
      head[s] = node;
      occupied[s >>> 6] |= 1L << s;
    } else {
      next[tail[s]] = node;
    }
    tail[s] = node;
    if (onWheel++ == 0 || time < first) {
      first = time;
    }
  }

  /** Removes the first timer on the wheel, which holds some, and finds the next first. */
  private void takeFirst() {
    long t = first;
    int s = (int) t & mask;
    int node = head[s];
    int after = next[node];
    release(node);
    onWheel--;
    if (after != NONE) {
      head[s] = after;
      return;
    }
    head[s] = NONE;
    occupied[s >>> 6] &= ~(1L << s);
    if (onWheel > 0) {
      first = t + ((nextOccupied(s) - s) & mask);
    }
  }

  /** Moves the waiting timers that the wheel now covers onto it, in their order. */
  private void refill() {
    TimerQueue<K> q = later;
    while (!q.isEmpty() && Long.compareUnsigned(q.peekTime() - base, slots) < 0) {
      append(q.peekTime(), q.peekOwner(), q.peekStart());
      q.pop();
    }
  }

  /**
   * Lowers the base to {@code time}: the wheel's timers go to the queue in their order (no timer
   * there has their times, which are all below the old base + slots), then the wheel is refilled.
   */
  private void rebase(long time) {
    while (onWheel > 0) {
      long t = first;
      KeyWindows<K> owner = peekOwner();
      long start = peekStart();
      takeFirst();
      later.push(t, owner, start);
    }
    base = time;
    refill();
  }

  /** The first occupied slot after {@code s}, cyclically; the wheel holds some timer. */
  private int nextOccupied(int s) {
    int from = (s + 1) & mask;
    int word = from >>> 6;
    long bits = occupied[word] & (-1L << from);
    int words = occupied.length;
    while (bits == 0) {
      word = word + 1 == words ? 0 : word + 1;
      bits = occupied[word];
    }
    return (word << 6) + Long.numberOfTrailingZeros(bits);
  }

  private int allocate() {
    int node = freeNode;
    if (node != NONE) {
      freeNode = next[node];
      return node;
    }
    if (nodes == next.length) {
      int n = nodes * 2;
      nodeStart = Arrays.copyOf(nodeStart, n);
      nodeOwner = Arrays.copyOf(nodeOwner, n);
      next = Arrays.copyOf(next, n);
    }
    return nodes++;
  }

  private void release(int node) {
    nodeOwner[node] = null;
    next[node] = freeNode;
    freeNode = node;
  }
}
