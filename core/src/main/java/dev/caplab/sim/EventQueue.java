package dev.caplab.sim;

import java.util.Arrays;

/**
 * The simulator's pending events: a binary min-heap ordered by (time, insertion sequence), kept in
 * parallel primitive arrays so that scheduling and popping allocate nothing once the arrays have
 * grown to the run's peak size.
 *
 * <p>Each entry carries a sink id, a kind and an auxiliary long chosen by whoever scheduled it,
 * and one object payload (the message, or the action to run). Ties in time pop in the order they
 * were pushed, which is what makes a run reproducible.
 *
 * <p>Not thread-safe: owned by one {@link Simulation}.
 */
final class EventQueue {

  private static final int INITIAL_CAPACITY = 1024;

  private long[] times = new long[INITIAL_CAPACITY];
  private long[] seqs = new long[INITIAL_CAPACITY];
  private long[] auxes = new long[INITIAL_CAPACITY];
  private int[] sinkKinds = new int[INITIAL_CAPACITY];
  private Object[] payloads = new Object[INITIAL_CAPACITY];
  private int size;
  private long nextSeq;

  // The entry removed by the last poll(), read through the accessors below.
  private long polledTime;
  private long polledAux;
  private int polledSinkKind;
  private Object polledPayload;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The time of the earliest entry; only valid when not empty. */
  long peekTime() {
    return times[0];
  }

  /** Adds an entry; {@code sinkKind} packs the sink id and the kind (see {@link Simulation}). */
  void push(long time, int sinkKind, long aux, Object payload) {
    if (size == times.length) {
      grow();
    }
    long seq = nextSeq++;
    int i = size++;
    // Sift up: move parents down until the slot for the new entry is found.
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < time || (pt == time && seqs[parent] < seq)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, time, seq, sinkKind, aux, payload);
  }

  /** Removes the earliest entry and keeps it for the polled* accessors; the queue must not be empty. */
  void poll() {
    polledTime = times[0];
    polledAux = auxes[0];
    polledSinkKind = sinkKinds[0];
    polledPayload = payloads[0];
    int last = --size;
    if (last > 0) {
      long time = times[last];
      long seq = seqs[last];
      int sinkKind = sinkKinds[last];
      long aux = auxes[last];
      Object payload = payloads[last];
      int i = 0;
      int half = last >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < last && before(right, child)) {
          child = right;
        }
        long ct = times[child];
        if (time < ct || (time == ct && seq < seqs[child])) {
          break;
        }
        move(child, i);
        i = child;
      }
      set(i, time, seq, sinkKind, aux, payload);
    }
    payloads[last] = null;
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

  Object polledPayload() {
    return polledPayload;
  }

  /** Drops every entry (the payloads become collectable). */
  void clear() {
    Arrays.fill(payloads, 0, size, null);
    size = 0;
  }

  private boolean before(int a, int b) {
    long ta = times[a];
    long tb = times[b];
    return ta < tb || (ta == tb && seqs[a] < seqs[b]);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    auxes[to] = auxes[from];
    sinkKinds[to] = sinkKinds[from];
    payloads[to] = payloads[from];
  }

  private void set(int i, long time, long seq, int sinkKind, long aux, Object payload) {
    times[i] = time;
    seqs[i] = seq;
    sinkKinds[i] = sinkKind;
    auxes[i] = aux;
    payloads[i] = payload;
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    seqs = Arrays.copyOf(seqs, capacity);
    auxes = Arrays.copyOf(auxes, capacity);
    sinkKinds = Arrays.copyOf(sinkKinds, capacity);
    payloads = Arrays.copyOf(payloads, capacity);
  }
}
