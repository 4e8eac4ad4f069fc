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
 * <p>Layout: the heap holds only a time and a slot number per position; the entry's other fields
 * (sequence, sink and kind, aux, payload) stay in slot-indexed arrays and never move while the
 * entry is queued. A sift step therefore moves two values instead of five. The sequence is read
 * only to break a tie in time. Free slot numbers are kept in the heap's slot array from position
 * {@link #size} on: {@code heapSlots[size..capacity)} always holds exactly the free slots, so the
 * pool needs no array of its own (the heap never reaches that far, as it holds at most one
 * position per entry).
 *
 * <p>Runs: consecutive pushes of one time form a run, a FIFO chain of entries that takes one heap
 * position, that of its first entry. A simulation with fixed link latencies schedules most events
 * at a few equal times (every message sent at t arrives at t + latency, and a node's replies go
 * out together), and a heap of single entries then breaks each tie by comparing sequences at
 * every level, a mispredicted branch per level; a run is appended to and popped from in constant
 * time instead. A push joins a run only if the push just before it had the same time and that
 * entry is still queued: then that entry is the newest of its time, so appending after it keeps
 * push order. Any other push starts a new run, so one time may have several runs; their entries'
 * sequences form disjoint, increasing ranges, and the heap orders runs of equal time by their
 * first entries' sequences, which stays right as each run's first entry advances. With distinct
 * times every run has one entry and the heap works as a plain one.
 *
 * <p>Not thread-safe: owned by one {@link EventLoop}.
 */
final class EventQueue {

  private static final int INITIAL_CAPACITY = 1024;
  private static final int NONE = -1;

  // The heap of runs: position -> (time, slot of the run's first entry).
  private long[] heapTimes = new long[INITIAL_CAPACITY];
  private int[] heapSlots = new int[INITIAL_CAPACITY];
  private int heapSize;
  // The entries: slot -> fields. A link holds the sink and kind in its low 32 bits and the next
  // entry of the run (or NONE) in its high 32 bits: popping reads both, so they share a cache line.
  private long[] seqs = new long[INITIAL_CAPACITY];
  private long[] auxes = new long[INITIAL_CAPACITY];
  private long[] links = new long[INITIAL_CAPACITY];
  private Object[] payloads = new Object[INITIAL_CAPACITY];
  private int size;
  private long nextSeq;
  // The latest push, while it is queued: its time and slot (NONE once it is popped).
  private long tailTime;
  private int tailSlot = NONE;

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
    int slot = heapSlots[size++]; // a free slot (heapSlots holds the free ones from size on)
    seqs[slot] = nextSeq++;
    auxes[slot] = aux;
    links[slot] = link(NONE, sinkKind);
    payloads[slot] = payload;
    int tail = tailSlot;
    if (tail != NONE && tailTime == time) {
      links[tail] = link(slot, (int) links[tail]); // the previous push's run goes on
    } else {
      siftUp(heapSize++, time, slot); // a new run
    }
    tailTime = time;
    tailSlot = slot;
  }

  private static long link(int next, int sinkKind) {
    return ((long) next << 32) | (sinkKind & 0xFFFFFFFFL);
  }

  /**
   * Removes the earliest entry, keeps its time, aux and sink/kind for the polled* accessors and
   * returns its payload; the queue must not be empty.
   */
  Object poll() {
    int top = heapSlots[0];
    long link = links[top];
    polledTime = heapTimes[0];
    polledAux = auxes[top];
    polledSinkKind = (int) link;
    Object payload = payloads[top];
    payloads[top] = null;
    if (top == tailSlot) {
      tailSlot = NONE; // a later push of its time must start a run of its own
    }
    int next = (int) (link >> 32);
    if (next != NONE) {
      heapSlots[0] = next; // the run goes on at the same time: the heap keeps its shape
    } else {
      removeRoot();
    }
    heapSlots[--size] = top; // the freed slot joins the free ones (beyond the heap: see the class comment)
    return payload;
  }

  /** Removes the heap's root run, which is empty now. */
  private void removeRoot() {
    long[] times = heapTimes;
    int[] slots = heapSlots;
    int last = --heapSize;
    if (last == 0) {
      return;
    }
    long time = times[last];
    int slot = slots[last];
    // Bottom-up ("Floyd") removal: walk the hole at the root down to a leaf, always pulling up
    // the earlier child, then sift the former last run up from there. It usually belongs near the
    // bottom, so this saves the comparison with it at every level; and picking the earlier child
    // is written so that the JIT can use a conditional move: with random times that choice is a
    // coin toss, and a mispredicted branch per level cost more than the rest of the sift.
    // Position `last` is outside the heap now; a maximal time there stops a missing right child
    // from being picked.
    times[last] = Long.MAX_VALUE;
    int i = 0;
    int child;
    while ((child = 2 * i + 1) < last) {
      long lt = times[child];
      long rt = times[child + 1];
      int pick = rt < lt ? 1 : 0;
      if (rt == lt && child + 1 < last && seqs[slots[child + 1]] < seqs[slots[child]]) {
        pick = 1; // a tie in time: the earlier run wins
      }
      child += pick;
      times[i] = times[child];
      slots[i] = slots[child];
      i = child;
    }
    siftUp(i, time, slot);
  }

  /**
   * Places the run headed by {@code slot} at heap position {@code i} or above it: parents later in
   * (time, first entry's insertion number) move down until the run's position is found.
   */
  private void siftUp(int i, long time, int slot) {
    long[] times = heapTimes;
    int[] slots = heapSlots;
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
    for (int i = 0; i < heapSlots.length; i++) {
      heapSlots[i] = i;
    }
    size = 0;
    heapSize = 0;
    tailSlot = NONE;
  }

  private void grow() {
    int old = heapTimes.length;
    int capacity = old * 2;
    heapTimes = Arrays.copyOf(heapTimes, capacity);
    heapSlots = Arrays.copyOf(heapSlots, capacity);
    for (int i = old; i < capacity; i++) {
      heapSlots[i] = i; // the queue is full, so the new slots are the only free ones
    }
    seqs = Arrays.copyOf(seqs, capacity);
    auxes = Arrays.copyOf(auxes, capacity);
    links = Arrays.copyOf(links, capacity);
    payloads = Arrays.copyOf(payloads, capacity);
  }
}
