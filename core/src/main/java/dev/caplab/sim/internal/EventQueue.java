package dev.caplab.sim.internal;

import java.util.Arrays;

/**
 * The simulator's pending events: a min-heap ordered by (time, insertion sequence), kept in
 * primitive arrays so that scheduling and popping allocate nothing once the arrays have grown to
 * the run's peak size.
 *
 * <p>Each entry carries a sink id, a kind and an auxiliary long chosen by whoever scheduled it,
 * and one object payload (the message, or the action to run). Ties in time pop in the order they
 * were pushed, which is what makes a run reproducible.
 *
 * <p>Layout: the heap itself holds only each entry's time and a slot number; the entry's other
 * fields (sequence, sink and kind, aux, payload) stay in slot-indexed arrays and never move while
 * the entry is queued. A sift step therefore moves two values instead of five. The sequence is
 * read only to break a tie in time. Free slot numbers are kept in the unused tail of the heap's
 * slot array: {@code heapSlots[size..capacity)} always holds exactly the free slots, so the pool
 * needs no array of its own.
 *
 * <p>Not thread-safe: owned by one {@link EventLoop}.
 */
final class EventQueue {

  private static final int INITIAL_CAPACITY = 1024;

  // The heap: position -> (time, slot).
  private long[] heapTimes = new long[INITIAL_CAPACITY];
  private int[] heapSlots = new int[INITIAL_CAPACITY];
  // The entries: slot -> fields.
  private long[] seqs = new long[INITIAL_CAPACITY];
  private long[] auxes = new long[INITIAL_CAPACITY];
  private int[] sinkKinds = new int[INITIAL_CAPACITY];
  private Object[] payloads = new Object[INITIAL_CAPACITY];
  private int size;
  private long nextSeq;

  // The primitive fields of the entry removed by the last poll(), read through the accessors
  // below; its payload is poll()'s result, so no reference is parked in a field per event.
  private long polledTime;
  private long polledAux;
  private int polledSinkKind;

  EventQueue() {
    for (int i = 0; i < INITIAL_CAPACITY; i++) {
      heapSlots[i] = i;
    }
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The time of the earliest entry; only valid when not empty. */
  long peekTime() {
    return heapTimes[0];
  }

  /** Adds an entry; {@code sinkKind} packs the sink id and the kind (see {@link EventLoop}). */
  void push(long time, int sinkKind, long aux, Object payload) {
    if (size == heapTimes.length) {
      grow();
    }
    int i = size++;
    int slot = heapSlots[i]; // a free slot (the tail of heapSlots holds the free ones)
    long seq = nextSeq++;
    seqs[slot] = seq;
    auxes[slot] = aux;
    sinkKinds[slot] = sinkKind;
    payloads[slot] = payload;
    long[] times = heapTimes;
    int[] slots = heapSlots;
    // Sift up: move parents down until the position for the new entry is found. The new entry
    // has the largest sequence so far, so it goes after any parent with an equal time.
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt <= time) {
        break;
      }
      times[i] = pt;
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /**
   * Removes the earliest entry, keeps its time, aux and sink/kind for the polled* accessors and
   * returns its payload; the queue must not be empty.
   */
  Object poll() {
    long[] times = heapTimes;
    int[] slots = heapSlots;
    int top = slots[0];
    polledTime = times[0];
    polledAux = auxes[top];
    polledSinkKind = sinkKinds[top];
    Object payload = payloads[top];
    payloads[top] = null;
    int last = --size;
    if (last > 0) {
      long time = times[last];
      int slot = slots[last];
      // Bottom-up ("Floyd") removal: walk the hole at the root down to a leaf, always pulling up
      // the earlier child, then sift the former last entry up from there. It usually belongs near
      // the bottom, so this saves the comparison with it at every level; and picking the earlier
      // child is written so that the JIT can use a conditional move: with random times that
      // choice is a coin toss, and a mispredicted branch per level cost more than the rest of
      // the sift. Position `last` is outside the heap now; a maximal time there stops a missing
      // right child from being picked.
      times[last] = Long.MAX_VALUE;
      int i = 0;
      int child;
      while ((child = 2 * i + 1) < last) {
        long lt = times[child];
        long rt = times[child + 1];
        int pick = rt < lt ? 1 : 0;
        if (rt == lt && child + 1 < last && seqs[slots[child + 1]] < seqs[slots[child]]) {
          pick = 1; // a tie in time: the earlier push wins
        }
        child += pick;
        times[i] = times[child];
        slots[i] = slots[child];
        i = child;
      }
      long seq = seqs[slot];
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        long pt = times[parent];
        if (pt < time || (pt == time && seqs[slots[parent]] < seq)) {
          break;
        }
        times[i] = pt;
        slots[i] = slots[parent];
        i = parent;
      }
      times[i] = time;
      slots[i] = slot;
    }
    slots[last] = top; // the freed slot joins the free tail
    return payload;
  }

  long polledTime() {
    return polledTime;
  }

  long polledAux() {
    return polledAux;
  }

  int polledSinkKind() {
    return polledSinkKind;
  }

  /** Drops every entry (the payloads become collectable). */
  void clear() {
    Arrays.fill(payloads, null);
    size = 0;
  }

  private void grow() {
    int old = heapTimes.length;
    int capacity = old * 2;
    heapTimes = Arrays.copyOf(heapTimes, capacity);
    heapSlots = Arrays.copyOf(heapSlots, capacity);
    for (int i = old; i < capacity; i++) {
      heapSlots[i] = i; // the heap is full, so the new slots are the only free ones
    }
    seqs = Arrays.copyOf(seqs, capacity);
    auxes = Arrays.copyOf(auxes, capacity);
    sinkKinds = Arrays.copyOf(sinkKinds, capacity);
    payloads = Arrays.copyOf(payloads, capacity);
  }
}
