package dev.caplab.check;

import dev.caplab.history.Operation;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One run of the Wing-Gong-Lowe linearizability search over the operations of one key, as
 * Porcupine implements it (checker.go): call and return entries sorted by time in a doubly linked
 * list; repeatedly try the calls that precede the first return ("minimal" operations) against the
 * model; linearizing one lifts its call and return out of the list, a dead end (the first entry
 * is a return) backtracks. Each (linearized set, state) pair is explored once ({@link StateCache}).
 *
 * <p>Ties: at equal times calls sort before returns, so operations that touch at one instant
 * count as concurrent (Porcupine's rule; the permissive reading of a coarse clock).
 *
 * <p>Operations of unknown outcome ({@code INFO}) complete at {@link Operation#NEVER}, so they
 * may be linearized any time after their invocation; the search succeeds as soon as every
 * {@code OK} operation is linearized, which lets an unknown operation never take effect.
 *
 * <p>A search can pause after a number of memoised states and resume later, so a checker can
 * interleave the keys of a history and find a quickly refuted key before a hard one.
 *
 * <p>Not thread-safe; one instance per key and check.
 */
final class WglSearch<S> {

  /** Result of one search. */
  record Outcome(Verdict verdict, Counterexample counterexample, long states, String note) {}

  /** How often (in loop iterations) the ticker is read: rarely enough to cost nothing. */
  private static final int TICK_INTERVAL = 1 << 12;
  private static final int HEAD = 0;
  private static final int NONE = -1;

  private final List<Operation> ops;
  private final Model<S> model;
  private final String key;
  private final Map<Integer, String> processNames;

  // The linked list: node 0 is the head sentinel; nodes 1..2n are call and return entries.
  private final int[] next;
  private final int[] prev;
  private final int[] opOf;
  private final int[] match; // for a call node: its return node; for a return node: NONE

  WglSearch(List<Operation> ops, Model<S> model, String key, Map<Integer, String> processNames) {
    this.ops = ops;
    this.model = model;
    this.key = key;
    this.processNames = processNames;
    int n = ops.size();
    // Sort entries: by time, calls before returns, then by operation index (deterministic).
    Integer[] idx = new Integer[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      long ta = entryTime(a);
      long tb = entryTime(b);
      if (ta != tb) {
        return Long.compare(ta, tb);
      }
      boolean ra = (a & 1) == 1;
      boolean rb = (b & 1) == 1;
      if (ra != rb) {
        return ra ? 1 : -1;
      }
      return Integer.compare(a >>> 1, b >>> 1);
    });
    next = new int[2 * n + 1];
    prev = new int[2 * n + 1];
    opOf = new int[2 * n + 1];
    match = new int[2 * n + 1];
    int[] nodeOfEntry = new int[2 * n];
    for (int pos = 0; pos < 2 * n; pos++) {
      nodeOfEntry[idx[pos]] = pos + 1;
    }
    prev[HEAD] = NONE;
    for (int pos = 0; pos <= 2 * n; pos++) {
      next[pos] = pos < 2 * n ? pos + 1 : NONE;
      if (pos > 0) {
        prev[pos] = pos - 1;
        int entry = idx[pos - 1];
        opOf[pos] = entry >>> 1;
        match[pos] = (entry & 1) == 0 ? nodeOfEntry[entry | 1] : NONE;
      }
    }
  }

  /** Entry {@code 2i} is operation i's call, {@code 2i+1} its return. */
  private long entryTime(int entry) {
    Operation op = ops.get(entry >>> 1);
    return (entry & 1) == 0 ? op.invokeTime() : op.completeTime();
  }

  private void lift(int e) {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e];
    int m = match[e];
    next[prev[m]] = next[m];
    if (next[m] != NONE) {
      prev[next[m]] = prev[m];
    }
  }

  private void unlift(int e) {
    int m = match[e];
    next[prev[m]] = m;
    if (next[m] != NONE) {
      prev[next[m]] = m;
    }
    next[prev[e]] = e;
    prev[next[e]] = e;
  }

  // Search state, kept in fields so that a search can pause and resume (see run).
  private boolean started;
  private int required;
  private boolean[] isRequired;
  private long[] zobrist;
  private long[] linearized;
  private long setHash;
  /** The lowest operation not linearized, and one past the highest linearized one. */
  private int lo;
  private int hi;
  private int[] loStack;
  private int[] hiStack;
  private StateCache cache;
  private int[] stackNode;
  private Object[] stackState;
  private int depth;
  private int done;
  private S state;
  private int e;
  private int bestDepth = -1;
  /** The deepest dead end's stack; its first {@code bestAgrees} entries equal the live stack's. */
  private int[] bestPrefix = new int[0];
  private int bestAgrees;
  private List<Operation> bestStuck;
  private S bestState;
  private Outcome outcome;

  private void start() {
    int n = ops.size();
    isRequired = new boolean[n];
    zobrist = new long[n];
    for (int i = 0; i < n; i++) {
      isRequired[i] = ops.get(i).status() == Operation.Status.OK;
      required += isRequired[i] ? 1 : 0;
      zobrist[i] = StateCache.mix(0x5DEECE66DL + (i + 1) * 0x9E3779B97F4A7C15L);
    }
    linearized = new long[(n + 63) >>> 6];
    cache = new StateCache();
    stackNode = new int[n];
    stackState = new Object[n];
    loStack = new int[n];
    hiStack = new int[n];
    state = model.init();
    e = next[HEAD];
    started = true;
  }

  /** The number of memoised states so far (the memory this search holds). */
  long states() {
    return cache == null ? 0 : cache.size();
  }

  /** Estimated bytes of the memo so far. */
  long bytes() {
    return cache == null ? 0 : cache.bytes();
  }

  /**
   * Searches for a linearization, or continues a paused search.
   *
   * @param ticker the time source for the deadline
   * @param deadline ticker reading after which the answer is UNKNOWN; {@code Long.MAX_VALUE}: none
   * @param pauseAt number of memoised states at which the search pauses
   * @param pauseAtBytes estimated memo bytes at which the search pauses
   * @return the outcome, or {@code null} if the search paused at {@code pauseAt} states or
   *     {@code pauseAtBytes} bytes; a finished search returns its outcome again
   */
  @SuppressWarnings("unchecked")
  Outcome run(Ticker ticker, long deadline, long pauseAt, long pauseAtBytes) {
    if (outcome != null) {
      return outcome;
    }
    if (!started) {
      start();
    }
    int countdown = TICK_INTERVAL;
    boolean timed = deadline != Long.MAX_VALUE;
    while (done < required) {
      if (--countdown == 0) {
        countdown = TICK_INTERVAL;
        if (timed && ticker.nanos() - deadline > 0) {
          return finish(Verdict.UNKNOWN, null, "time budget exhausted");
        }
      }
      if (e != NONE && match[e] != NONE) {
        int id = opOf[e];
        S after = model.step(state, ops.get(id));
        if (after != null) {
          linearized[id >>> 6] |= 1L << id;
          long h = setHash ^ zobrist[id];
          int newLo = id == lo ? nextAbsent(id + 1) : lo;
          int newHi = Math.max(hi, id + 1);
          if (cache.add(linearized, h, depth + 1, newLo, newHi, after)) {
            stackNode[depth] = e;
            stackState[depth] = state;
            loStack[depth] = lo;
            hiStack[depth] = hi;
            depth++;
            state = after;
            setHash = h;
            lo = newLo;
            hi = newHi;
            lift(e);
            if (isRequired[id]) {
              done++;
            }
            e = next[HEAD];
            if (cache.size() >= pauseAt || cache.bytes() >= pauseAtBytes) {
              return null;
            }
            continue;
          }
          linearized[id >>> 6] &= ~(1L << id);
        }
        e = next[e];
      } else {
        // Dead end: no minimal operation can go next.
        if (depth > bestDepth) {
          // Copy only what changed since the last record: a copy of the whole stack at every
          // deeper dead end is quadratic on a long history.
          if (bestPrefix.length < depth) {
            bestPrefix = Arrays.copyOf(bestPrefix, Math.max(depth, 2 * bestPrefix.length));
          }
          System.arraycopy(stackNode, bestAgrees, bestPrefix, bestAgrees, depth - bestAgrees);
          bestAgrees = depth;
          bestDepth = depth;
          bestState = state;
          bestStuck = new ArrayList<>();
          for (int c = next[HEAD]; c != e && c != NONE; c = next[c]) {
            if (match[c] != NONE) {
              bestStuck.add(ops.get(opOf[c]));
            }
          }
        }
        if (depth == 0) {
          return finish(Verdict.FALSE,
              counterexample(Arrays.copyOf(bestPrefix, bestDepth), bestState, bestStuck), "");
        }
        depth--;
        bestAgrees = Math.min(bestAgrees, depth);
        e = stackNode[depth];
        state = (S) stackState[depth];
        stackState[depth] = null;
        lo = loStack[depth];
        hi = hiStack[depth];
        int id = opOf[e];
        linearized[id >>> 6] &= ~(1L << id);
        setHash ^= zobrist[id];
        unlift(e);
        if (isRequired[id]) {
          done--;
        }
        e = next[e];
      }
    }
    return finish(Verdict.TRUE, null, "");
  }

  /** The lowest operation at or after {@code from} that is not linearized. */
  private int nextAbsent(int from) {
    int w = from >>> 6;
    if (w >= linearized.length) {
      return from;
    }
    long absent = ~linearized[w] & (-1L << from);
    while (absent == 0) {
      if (++w == linearized.length) {
        return w << 6;
      }
      absent = ~linearized[w];
    }
    return (w << 6) + Long.numberOfTrailingZeros(absent);
  }

  /** Records the outcome and releases the memo, which can be large. */
  private Outcome finish(Verdict verdict, Counterexample counterexample, String note) {
    outcome = new Outcome(verdict, counterexample, cache.size(), note);
    cache = null;
    stackState = null;
    return outcome;
  }

  private Counterexample counterexample(int[] prefixNodes, S after, List<Operation> stuck) {
    List<Operation> prefix = new ArrayList<>(prefixNodes.length);
    for (int node : prefixNodes) {
      prefix.add(ops.get(opOf[node]));
    }
    Object value = model.value(after);
    return new Counterexample(key, prefix, model.describe(after), value, stuck,
        Counterexample.explainReads(ops, prefix, value, stuck), processNames);
  }
}
