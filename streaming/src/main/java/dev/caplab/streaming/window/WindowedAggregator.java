package dev.caplab.streaming.window;

import static dev.caplab.streaming.window.KeyWindows.A0;
import static dev.caplab.streaming.window.KeyWindows.ARMED;
import static dev.caplab.streaming.window.KeyWindows.COUNT;
import static dev.caplab.streaming.window.KeyWindows.EARLY_DUE;
import static dev.caplab.streaming.window.KeyWindows.END;
import static dev.caplab.streaming.window.KeyWindows.PANE_STRIDE;
import static dev.caplab.streaming.window.KeyWindows.P_A0;
import static dev.caplab.streaming.window.KeyWindows.P_COUNT;
import static dev.caplab.streaming.window.KeyWindows.QUEUED;
import static dev.caplab.streaming.window.KeyWindows.START;
import static dev.caplab.streaming.window.KeyWindows.STRIDE;
import static dev.caplab.streaming.window.KeyWindows.TIMER;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * A keyed event-time window aggregation with Flink's {@code WindowOperator} semantics: elements
 * (key, value, timestamp) and watermarks go in, {@link Pane panes} come out to a sink.
 *
 * <ul>
 *   <li>An element goes into each window its {@link WindowAssigner} gives, except a window that is
 *       late: one whose cleanup time, {@code end - 1 + allowedLateness}, is at or below the
 *       watermark ({@code isWindowLate}). Session windows merge first (overlapping or touching).
 *   <li>A window fires {@link PaneKind#ON_TIME ON_TIME} when the watermark reaches {@code end - 1};
 *       an element accepted by a window whose {@code end - 1} is already at or below the watermark
 *       fires it at once, {@link PaneKind#LATE LATE}; early firings are {@link PaneKind#EARLY EARLY}.
 *       A pane is emitted only if the window has contents (a purged window emits nothing).
 *   <li>A window's state is dropped when the watermark reaches its cleanup time.
 *   <li>An element accepted by no window and with {@code timestamp + allowedLateness <= watermark}
 *       ({@code isElementLate}) goes to the late-data sink, or is counted as dropped without one.
 *   <li>Watermarks only go forward: one at or below the current watermark is ignored.
 * </ul>
 *
 * <p>Panes that one watermark fires come in order of their timer's time (end - 1), then in the order
 * their timers were queued, so the output is deterministic. Event time is in milliseconds.
 *
 * <p>The built-in {@link LongAggregation long aggregations} keep primitive state per (key, window)
 * and {@link #processLong} allocates nothing per element once the key's arrays have grown. Sliding
 * windows with a built-in aggregation and accumulating panes are sliced (as Flink's table runtime
 * slices them): an element updates one pane of {@code gcd(size, slide)} and a window combines its
 * panes when it fires, so an element costs one update instead of {@code size / slide}; discarding
 * panes and user aggregations keep one accumulator per window, since purging one window must not
 * empty its neighbours. Keys are found in an open-addressing table of their states; a key whose
 * windows are all gone keeps its (empty) state for reuse until idle keys outnumber both 1,024 and
 * the active ones, when they are all dropped at once (the table is never iterated for output, so
 * order does not depend on hash codes).
 *
 * <p>{@link #snapshot()} captures the operator's state (open windows and their contents, pending
 * timers in firing order, watermark, counters) as an immutable value, and {@link #restore} puts it
 * into an aggregator built the same way, which then emits exactly what the original would have
 * from that point, as Flink's checkpointed window state does.
 *
 * <p>Processing time (early firings only) comes from the {@link Ticker} given to the builder; the
 * aggregator starts no thread: call {@link #onProcessingTime()} to fire early panes that are due.
 *
 * <p>Not thread-safe: one thread (or the simulation) drives it, and the sinks must not call back
 * into it.
 *
 * @param <K> the key type (equals and hashCode define keys)
 * @param <IN> the element value type
 * @param <OUT> the pane value type
 */
public final class WindowedAggregator<K, IN, OUT> {

  private static final int TUMBLING = 0;
  private static final int SLIDING = 1;
  private static final int SESSION = 2;
  /** Idle keys kept for reuse at least (more while there are more active keys). */
  static final int IDLE_KEYS_KEPT = 1024;
  /** Session timers up to this many ms after the last one fired sit on a wheel, later ones in a heap. */
  static final int SESSION_TIMER_SLOTS = 4096;

  private final int kind;
  private final long size;
  private final long slide;
  private final long offset;
  /** Whether sliding windows are sliced into panes of {@link #slice} ms. */
  private final boolean sliced;
  private final long slice;
  private final long lateness;
  private final boolean purges;
  private final long earlyNanos;
  private final Ticker ticker;
  private final LongAggregation longAggregation;
  private final AggregateFunction<IN, Object, OUT> function;
  private final Consumer<Pane<K, OUT>> sink;
  private final LateDataSink<K, IN> lateSink;
  private final WindowConfig config;

  private KeyTable<K> keys = new KeyTable<>();
  private Timers<K> eventTimers;
  private TimerQueue<K> processingTimers = new TimerQueue<>();
  private long watermark = Long.MIN_VALUE;
  private long openWindows;
  private int activeKeys;
  private long panes;
  private long lateSideOutput;
  private long lateDropped;

  @SuppressWarnings("unchecked")
  private WindowedAggregator(Builder<K, IN, OUT> b, Consumer<Pane<K, OUT>> sink) {
    this.config = b.config;
    WindowAssigner a = b.config.assigner();
    this.kind = a.kind() == WindowAssigner.Kind.TUMBLING ? TUMBLING
        : a.kind() == WindowAssigner.Kind.SLIDING ? SLIDING : SESSION;
    this.size = a.sizeMillis();
    this.slide = a.slideMillis();
    this.offset = a.offsetMillis();
    this.lateness = b.config.allowedLateness().toMillis();
    this.purges = b.config.trigger().purges();
    this.earlyNanos = b.config.earlyFiringInterval().toNanos();
    this.ticker = b.ticker;
    this.longAggregation = b.longAggregation;
    this.function = (AggregateFunction<IN, Object, OUT>) b.function;
    this.sink = sink;
    this.lateSink = b.lateSink;
    this.eventTimers = newEventTimers();
    this.sliced = kind == SLIDING && function == null && !purges;
    this.slice = gcd(size, slide);
  }

  private Timers<K> newEventTimers() {
    return kind == SESSION ? new TimerWheel<>(SESSION_TIMER_SLOTS) : new BucketedTimerQueue<>();
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** A builder for the built-in aggregation {@code aggregation} of {@code long} values. */
  public static <K> Builder<K, Long, Number> longs(LongAggregation aggregation) {
    return new Builder<>(Require.notNull(aggregation, "aggregation"), null);
  }

  /** A builder for a user aggregation with an accumulator (Flink's {@code aggregate}). */
  public static <K, IN, OUT> Builder<K, IN, OUT> aggregate(AggregateFunction<IN, ?, OUT> function) {
    return new Builder<>(null, Require.notNull(function, "function"));
  }

  /** A builder for a user reduction (Flink's {@code reduce}): the pane value is the reduced value. */
  public static <K, T> Builder<K, T, T> reduce(BinaryOperator<T> reducer) {
    Require.notNull(reducer, "reducer");
    return new Builder<>(null, new ReduceFunction<>(reducer));
  }

  /** The configuration. */
  public WindowConfig config() {
    return config;
  }

  /** Adds an element. {@code value} must not be null. */
  public void process(K key, IN value, long timestamp) {
    Require.notNull(value, "value");
    if (function == null) {
      element(key, ((Number) value).longValue(), null, timestamp);
    } else {
      element(key, 0, value, timestamp);
    }
  }

  /**
   * Adds an element with a {@code long} value: for the built-in aggregations, without boxing; for
   * a user aggregation whose input type is {@link Long}, boxed.
   */
  public void processLong(K key, long value, long timestamp) {
    if (function == null) {
      element(key, value, null, timestamp);
    } else {
      element(key, 0, Long.valueOf(value), timestamp);
    }
  }

  /**
   * Advances the watermark to {@code newWatermark} and fires and cleans up the windows it reaches.
   * Returns false, changing nothing, if it is not above the current watermark (a watermark never
   * goes back, as in Flink).
   */
  public boolean advanceWatermark(long newWatermark) {
    if (newWatermark <= watermark) {
      return false;
    }
    watermark = newWatermark;
    Timers<K> timers = eventTimers;
    while (!timers.isEmpty() && timers.peekTime() <= newWatermark) {
      long t = timers.peekTime();
      KeyWindows<K> kw = timers.peekOwner();
      long s = timers.peekStart();
      int i = kw.find(s);
      if (i < 0 || kw.w[i * STRIDE + QUEUED] != t) {
        timers.pop(); // stale: the window merged, moved its timer, or is gone
        continue;
      }
      if (t < kw.w[i * STRIDE + TIMER]) { // a session that grew since: its timer moves on
        kw.w[i * STRIDE + QUEUED] = kw.w[i * STRIDE + TIMER];
        timers.replaceTop(kw.w[i * STRIDE + TIMER], kw, s);
        continue;
      }
      long maxTs = kw.w[i * STRIDE + END] - 1;
      if (t == maxTs) {
        kw.w[i * STRIDE + ARMED] = 0;
        fire(kw, i, PaneKind.ON_TIME);
      }
      long cleanup = cleanupTime(maxTs);
      if (t == cleanup) {
        timers.pop();
        removeWindow(kw, i);
      } else {
        kw.w[i * STRIDE + TIMER] = cleanup;
        kw.w[i * STRIDE + QUEUED] = cleanup;
        timers.replaceTop(cleanup, kw, s);
      }
    }
    return true;
  }

  /**
   * Fires the early panes due at the ticker's current time: each window still before the watermark
   * whose early deadline has passed emits an {@link PaneKind#EARLY EARLY} pane. A no-op without
   * early firings.
   */
  public void onProcessingTime() {
    if (earlyNanos == 0) {
      return;
    }
    long now = ticker.nanos();
    TimerQueue<K> timers = processingTimers;
    while (!timers.isEmpty() && timers.peekTime() - now <= 0) {
      long t = timers.peekTime();
      KeyWindows<K> kw = timers.peekOwner();
      long s = timers.peekStart();
      timers.pop();
      int i = kw.find(s);
      if (i < 0 || kw.w[i * STRIDE + ARMED] == 0 || kw.w[i * STRIDE + EARLY_DUE] != t) {
        continue;
      }
      kw.w[i * STRIDE + ARMED] = 0;
      if (kw.w[i * STRIDE + END] - 1 > watermark) {
        fire(kw, i, PaneKind.EARLY);
      }
    }
  }

  /** The current watermark ({@link Long#MIN_VALUE} before the first). */
  public long currentWatermark() {
    return watermark;
  }

  /** Windows holding state now, over all keys. */
  public long openWindows() {
    return openWindows;
  }

  /** Keys with at least one open window. */
  public int activeKeys() {
    return activeKeys;
  }

  /** Panes emitted so far. */
  public long panesEmitted() {
    return panes;
  }

  /** Late elements given to the late-data sink so far. */
  public long lateElementsSideOutput() {
    return lateSideOutput;
  }

  /** Late elements dropped so far (no late-data sink was given). */
  public long lateElementsDropped() {
    return lateDropped;
  }

  // ---- snapshots ----

  /**
   * The operator's state as an immutable value: every open window with its contents, the pending
   * event-time and early-firing timers in the order they would fire, the watermark and the
   * counters. {@link #restore} on an aggregator built the same way (it may be this one) continues
   * exactly as this one would from here. User accumulators are copied by merging each into a new
   * one ({@link AggregateFunction#merge merge(createAccumulator(), acc)}), so the function's merge
   * must not return its second argument itself if {@code add} mutates accumulators in place.
   */
  public Snapshot<K> snapshot() {
    IdentityHashMap<KeyWindows<K>, Integer> index = new IdentityHashMap<>();
    ArrayList<KeyWindows<K>> open = new ArrayList<>();
    long[][] eventTimerList = liveTimers(eventTimers.copy(), index, open, false);
    long[][] earlyTimerList = liveTimers(processingTimers.copy(), index, open, true);
    Object[] keyList = new Object[open.size()];
    long[][] windowList = new long[open.size()][];
    long[][] paneList = new long[open.size()][];
    Object[][] accList = new Object[open.size()][];
    for (int k = 0; k < open.size(); k++) {
      KeyWindows<K> kw = open.get(k);
      keyList[k] = kw.key;
      windowList[k] = Arrays.copyOf(kw.w, kw.n * STRIDE);
      paneList[k] = kw.p == null ? new long[0] : Arrays.copyOf(kw.p, kw.pn * PANE_STRIDE);
      accList[k] = kw.acc == null ? null : copyAccumulators(kw.acc, kw.n);
    }
    return new Snapshot<>(config, aggregationName(), watermark, panes, lateSideOutput, lateDropped, keyList,
        windowList, paneList, accList, eventTimerList, earlyTimerList);
  }

  /**
   * Replaces this aggregator's state with {@code snapshot}'s, taken from an aggregator with an
   * equal configuration and the same kind of aggregation (built-in or user).
   */
  @SuppressWarnings("unchecked")
  public void restore(Snapshot<K> snapshot) {
    Require.notNull(snapshot, "snapshot");
    Require.requireArgument(snapshot.config.toString().equals(config.toString())
        && snapshot.aggregation.equals(aggregationName()),
        "snapshot must come from an aggregator configured as this one (%s, %s), got %s, %s", config,
        aggregationName(), snapshot.config, snapshot.aggregation);
    keys = new KeyTable<>();
    eventTimers = newEventTimers();
    processingTimers = new TimerQueue<>();
    watermark = snapshot.watermark;
    panes = snapshot.panes;
    lateSideOutput = snapshot.lateSideOutput;
    lateDropped = snapshot.lateDropped;
    openWindows = 0;
    activeKeys = 0;
    KeyWindows<K>[] restored = new KeyWindows[snapshot.keys.length];
    for (int k = 0; k < restored.length; k++) {
      KeyWindows<K> kw = new KeyWindows<>((K) snapshot.keys[k], function != null);
      long[] w = snapshot.windows[k];
      int n = w.length / STRIDE;
      int capacity = Math.max(2, n);
      kw.w = Arrays.copyOf(w, capacity * STRIDE);
      kw.n = n;
      if (function != null) {
        kw.acc = Arrays.copyOf(copyAccumulators(snapshot.accumulators[k], n), capacity);
      }
      long[] p = snapshot.panesOf[k];
      if (p.length > 0) {
        kw.p = Arrays.copyOf(p, Math.max(4 * PANE_STRIDE, p.length));
        kw.pn = p.length / PANE_STRIDE;
      }
      keys.add(kw);
      restored[k] = kw;
      openWindows += n;
      activeKeys += n > 0 ? 1 : 0;
    }
    for (long[] t : snapshot.eventTimers) {
      eventTimers.push(t[0], restored[(int) t[1]], t[2]);
    }
    for (long[] t : snapshot.earlyTimers) {
      processingTimers.push(t[0], restored[(int) t[1]], t[2]);
    }
  }

  /**
   * Pops every timer of {@code timers} (a copy) and keeps, in order, those that would act: the one
   * entry of a window at its queued time ({@code early}: its armed early deadline), as (time, key
   * index, start), adding each key with a timer to {@code open}. Stale entries would be skipped.
   */
  private long[][] liveTimers(Timers<K> timers, IdentityHashMap<KeyWindows<K>, Integer> index,
      ArrayList<KeyWindows<K>> open, boolean early) {
    ArrayList<long[]> live = new ArrayList<>();
    HashSet<List<Long>> seen = new HashSet<>();
    for (; !timers.isEmpty(); timers.pop()) {
      long t = timers.peekTime();
      KeyWindows<K> kw = timers.peekOwner();
      long s = timers.peekStart();
      int i = kw.find(s);
      boolean acts = i >= 0 && (early
          ? kw.w[i * STRIDE + ARMED] != 0 && kw.w[i * STRIDE + EARLY_DUE] == t
          : kw.w[i * STRIDE + QUEUED] == t);
      if (!acts) {
        continue;
      }
      Integer k = index.get(kw);
      if (k == null) {
        k = open.size();
        index.put(kw, k);
        open.add(kw);
      }
      if (seen.add(List.of(t, (long) k, s))) { // a duplicate entry would find itself stale
        live.add(new long[] {t, k, s});
      }
    }
    return live.toArray(new long[0][]);
  }

  private String aggregationName() {
    return function != null ? "user aggregation" : longAggregation.name();
  }

  private Object[] copyAccumulators(Object[] acc, int n) {
    Object[] copy = new Object[n];
    for (int i = 0; i < n; i++) {
      copy[i] = acc[i] == null ? null : function.merge(function.createAccumulator(), acc[i]);
    }
    return copy;
  }

  /**
   * A {@link WindowedAggregator}'s state at one point: open windows and their contents, pending
   * timers in firing order, watermark and counters. Immutable: restoring it copies it again.
   *
   * @param <K> the key type
   */
  public static final class Snapshot<K> {
    private final WindowConfig config;
    private final String aggregation;
    private final long watermark;
    private final long panes;
    private final long lateSideOutput;
    private final long lateDropped;
    private final Object[] keys;
    private final long[][] windows;
    private final long[][] panesOf;
    private final Object[][] accumulators;
    private final long[][] eventTimers;
    private final long[][] earlyTimers;

    private Snapshot(WindowConfig config, String aggregation, long watermark, long panes, long lateSideOutput,
        long lateDropped, Object[] keys, long[][] windows, long[][] panesOf, Object[][] accumulators,
        long[][] eventTimers, long[][] earlyTimers) {
      this.config = config;
      this.aggregation = aggregation;
      this.watermark = watermark;
      this.panes = panes;
      this.lateSideOutput = lateSideOutput;
      this.lateDropped = lateDropped;
      this.keys = keys;
      this.windows = windows;
      this.panesOf = panesOf;
      this.accumulators = accumulators;
      this.eventTimers = eventTimers;
      this.earlyTimers = earlyTimers;
    }

    /** The watermark when it was taken. */
    public long watermark() {
      return watermark;
    }

    /** The windows open when it was taken. */
    public long openWindows() {
      long n = 0;
      for (long[] w : windows) {
        n += w.length / STRIDE;
      }
      return n;
    }
  }

  // ---- the element path ----

  private void element(K key, long v, Object o, long ts) {
    KeyWindows<K> kw = key == null ? null : keys.get(key);
    if (kw == null) {
      Require.notNull(key, "key");
      kw = new KeyWindows<>(key, function != null);
      keys.add(kw);
    }
    boolean accepted;
    if (kind == TUMBLING) {
      int i = kw.last;
      if (i < kw.n && kw.w[i * STRIDE + START] <= ts && ts < kw.w[i * STRIDE + END]) {
        accumulate(kw, i, v, o); // the window of the last element: no lookup
        afterElement(kw, i);
        accepted = true;
      } else {
        long s = TimeWindow.windowStart(ts, offset, size);
        accepted = addTo(kw, s, s + size, v, o);
      }
    } else if (sliced) {
      accepted = sliced(kw, ts, v);
    } else if (kind == SLIDING) {
      accepted = false;
      for (long s = TimeWindow.windowStart(ts, offset, slide); s > ts - size; s -= slide) {
        accepted |= addTo(kw, s, s + size, v, o);
      }
    } else {
      accepted = session(kw, ts, v, o);
    }
    if (!accepted) {
      if (kw.n == 0) {
        dropIdleKeys();
      }
      if (ts + lateness <= watermark) {
        late(key, v, o, ts);
      }
    }
  }

  private boolean addTo(KeyWindows<K> kw, long s, long e, long v, Object o) {
    int i = kw.find(s);
    if (i < 0) {
      if (cleanupTime(e - 1) <= watermark) {
        return false;
      }
      i = newWindow(kw, s, e);
    }
    accumulate(kw, i, v, o);
    afterElement(kw, i);
    return true;
  }

  /**
   * A sliding element: into its pane, then, unless the pane had contents already (so each window
   * that is not late holds it) and nothing can fire, into each window that is not late, latest
   * first, creating it and firing it LATE as the per-window path does. Every window is late when
   * the latest one is (it is cleaned up last).
   */
  private boolean sliced(KeyWindows<K> kw, long ts, long v) {
    long ps = TimeWindow.windowStart(ts, offset, slice);
    // an element above the watermark is in windows whose ends - 1 (>= ts) are too: none is late
    boolean behind = ts <= watermark;
    if (behind && cleanupTime(latestStart(ts, ps) + size - 1) <= watermark) {
      return false;
    }
    int p = kw.findPane(ps, slice);
    boolean filled = p >= 0;
    if (!filled) {
      p = kw.addPane(ps);
    }
    long[] a = kw.p;
    int b = p * PANE_STRIDE;
    long c = a[b + P_COUNT];
    a[b + P_COUNT] = c + 1;
    a[b + P_A0] = c == 0 ? v : combine(a[b + P_A0], v);
    if (filled && !behind && earlyNanos == 0) {
      return true; // every window of the pane exists and none has reached its end
    }
    for (long s = latestStart(ts, ps); s > ts - size; s -= slide) {
      int i = kw.find(s);
      if (i < 0) {
        if (cleanupTime(s + size - 1) <= watermark) {
          continue;
        }
        i = newWindow(kw, s, s + size);
      }
      afterElement(kw, i);
    }
    return true;
  }

  /** The start of the latest sliding window holding {@code ts}, whose pane starts at {@code ps}. */
  private long latestStart(long ts, long ps) {
    return slice == slide ? ps : TimeWindow.windowStart(ts, offset, slide);
  }

  /** Two non-empty aggregates of the built-in aggregation, combined (COUNT keeps counts only). */
  private long combine(long x, long y) {
    return longAggregation == LongAggregation.MIN ? Math.min(x, y)
        : longAggregation == LongAggregation.MAX ? Math.max(x, y) : x + y;
  }

  private int newWindow(KeyWindows<K> kw, long s, long e) {
    if (kw.n == 0) {
      activeKeys++;
    }
    int i = kw.add(s, e);
    openWindows++;
    long maxTs = e - 1;
    long t = maxTs > watermark ? maxTs : cleanupTime(maxTs);
    kw.w[i * STRIDE + TIMER] = t;
    kw.w[i * STRIDE + QUEUED] = t;
    eventTimers.push(t, kw, s);
    return i;
  }

  /** Flink's {@code MergingWindowSet.addWindow} and {@code EventTimeTrigger.onMerge}, for one key. */
  private boolean session(KeyWindows<K> kw, long ts, long v, Object o) {
    long ns = ts;
    long ne = ts + size;
    int first = -1;
    int hits = 0;
    long cs = ns;
    long ce = ne;
    for (int i = 0; i < kw.n; i++) {
      if (kw.w[i * STRIDE + START] <= ne && kw.w[i * STRIDE + END] >= ns) {
        hits++;
        if (first < 0 || kw.w[i * STRIDE + START] < kw.w[first * STRIDE + START]) {
          first = i;
        }
        cs = Math.min(cs, kw.w[i * STRIDE + START]);
        ce = Math.max(ce, kw.w[i * STRIDE + END]);
      }
    }
    int target;
    if (hits == 0) {
      if (cleanupTime(ne - 1) <= watermark) {
        return false; // a new window that is late already: Flink retires it
      }
      target = newWindow(kw, ns, ne);
    } else if (hits == 1 && kw.w[first * STRIDE + START] == cs && kw.w[first * STRIDE + END] == ce) {
      target = first; // inside an existing window: no merge
    } else if (hits == 1) {
      target = first; // one window grows (the common case, extending the latest session)
      cover(kw, first, cs, ce);
    } else {
      target = merge(kw, first, ns, ne, cs, ce);
    }
    accumulate(kw, target, v, o);
    afterElement(kw, target);
    return true;
  }

  /**
   * Merges every window of {@code kw} that meets {@code [ns, ne)} into the one starting first
   * (whose state Flink keeps), which becomes {@code [cs, ce)} with a timer at its new end - 1.
   */
  private int merge(KeyWindows<K> kw, int first, long ns, long ne, long cs, long ce) {
    long targetStart = kw.w[first * STRIDE + START];
    for (int i = kw.n - 1; i >= 0; i--) {
      long s = kw.w[i * STRIDE + START];
      if (s != targetStart && s <= ne && kw.w[i * STRIDE + END] >= ns) {
        int t = kw.find(targetStart);
        mergeInto(kw, t, i);
        kw.remove(i);
        openWindows--;
      }
    }
    int t = kw.find(targetStart);
    cover(kw, t, cs, ce);
    return t;
  }

  /**
   * Makes session {@code t} {@code [cs, ce)}, with a timer at its new end - 1: a window that kept
   * its start keeps its queued timer, which moves on when it comes due, unless the new one is
   * earlier; one whose start moved is queued anew (its old entry no longer names it).
   */
  private void cover(KeyWindows<K> kw, int t, long cs, long ce) {
    long[] w = kw.w;
    int b = t * STRIDE;
    boolean startMoved = w[b + START] != cs;
    w[b + START] = cs;
    w[b + END] = ce;
    w[b + ARMED] = 0;
    long maxTs = ce - 1;
    long timer = maxTs > watermark ? maxTs : cleanupTime(maxTs);
    w[b + TIMER] = timer;
    if (startMoved || timer < w[b + QUEUED]) {
      w[b + QUEUED] = timer;
      eventTimers.push(timer, kw, cs);
    }
  }

  private void mergeInto(KeyWindows<K> kw, int into, int from) {
    long cf = kw.w[from * STRIDE + COUNT];
    if (cf == 0) {
      return;
    }
    if (function != null) {
      Object a = kw.acc[into];
      kw.acc[into] = a == null ? kw.acc[from] : function.merge(a, kw.acc[from]);
    } else if (kw.w[into * STRIDE + COUNT] == 0) {
      kw.w[into * STRIDE + A0] = kw.w[from * STRIDE + A0];
    } else {
      kw.w[into * STRIDE + A0] = combine(kw.w[into * STRIDE + A0], kw.w[from * STRIDE + A0]);
    }
    kw.w[into * STRIDE + COUNT] += cf;
  }

  @SuppressWarnings("unchecked")
  private void accumulate(KeyWindows<K> kw, int i, long v, Object o) {
    long c = kw.w[i * STRIDE + COUNT];
    kw.w[i * STRIDE + COUNT] = c + 1;
    if (function != null) {
      Object a = kw.acc[i];
      kw.acc[i] = function.add((IN) o, a == null ? function.createAccumulator() : a);
      return;
    }
    switch (longAggregation) {
      case SUM:
      case AVERAGE:
        kw.w[i * STRIDE + A0] += v;
        break;
      case MIN:
        kw.w[i * STRIDE + A0] = c == 0 ? v : Math.min(kw.w[i * STRIDE + A0], v);
        break;
      case MAX:
        kw.w[i * STRIDE + A0] = c == 0 ? v : Math.max(kw.w[i * STRIDE + A0], v);
        break;
      default: // COUNT: the count is all
        break;
    }
  }

  /** {@code EventTimeTrigger.onElement}: fire at once when the window's end - 1 has passed. */
  private void afterElement(KeyWindows<K> kw, int i) {
    if (kw.w[i * STRIDE + END] - 1 <= watermark) {
      fire(kw, i, PaneKind.LATE);
    } else if (earlyNanos != 0 && kw.w[i * STRIDE + ARMED] == 0) {
      long now = ticker.nanos();
      long due = now - Math.floorMod(now, earlyNanos) + earlyNanos;
      kw.w[i * STRIDE + ARMED] = 1;
      kw.w[i * STRIDE + EARLY_DUE] = due;
      processingTimers.push(due, kw, kw.w[i * STRIDE + START]);
    }
  }

  private void fire(KeyWindows<K> kw, int i, PaneKind paneKind) {
    if (sliced) {
      fireSliced(kw, i, paneKind);
      return;
    }
    if (kw.w[i * STRIDE + COUNT] == 0) {
      return;
    }
    panes++;
    TimeWindow window = new TimeWindow(kw.w[i * STRIDE + START], kw.w[i * STRIDE + END]);
    sink.accept(new Pane<>(kw.key, window, result(kw, i), paneKind));
    if (purges) {
      kw.w[i * STRIDE + COUNT] = 0;
      kw.w[i * STRIDE + A0] = 0;
      if (kw.acc != null) {
        kw.acc[i] = null;
      }
    }
  }

  /** A sliced window fires with its panes combined (sliced windows never purge). */
  private void fireSliced(KeyWindows<K> kw, int i, PaneKind paneKind) {
    long start = kw.w[i * STRIDE + START];
    long end = kw.w[i * STRIDE + END];
    long[] a = kw.p;
    long count = 0;
    long a0 = 0;
    for (int p = kw.panePosition(start); p < kw.pn && a[p * PANE_STRIDE] - start < size; p++) {
      long x = a[p * PANE_STRIDE + P_A0];
      a0 = count == 0 ? x : combine(a0, x);
      count += a[p * PANE_STRIDE + P_COUNT];
    }
    if (count == 0) {
      return;
    }
    panes++;
    TimeWindow window = new TimeWindow(start, end);
    sink.accept(new Pane<>(kw.key, window, longResult(count, a0), paneKind));
  }

  private OUT result(KeyWindows<K> kw, int i) {
    if (function != null) {
      return function.getResult(kw.acc[i]);
    }
    return longResult(kw.w[i * STRIDE + COUNT], kw.w[i * STRIDE + A0]);
  }

  @SuppressWarnings("unchecked")
  private OUT longResult(long count, long a0) {
    Number r;
    switch (longAggregation) {
      case COUNT:
        r = count;
        break;
      case AVERAGE:
        r = (double) a0 / count;
        break;
      default:
        r = a0;
        break;
    }
    return (OUT) r;
  }

  /**
   * Removes window {@code i}, cleaned up; a sliced key also drops the panes no window needs now:
   * those before the next window's start (earlier windows were cleaned up before this one).
   */
  private void removeWindow(KeyWindows<K> kw, int i) {
    long start = kw.w[i * STRIDE + START];
    kw.remove(i);
    openWindows--;
    if (sliced) {
      kw.removePanesBefore(start + slide);
    }
    if (kw.n == 0) {
      activeKeys--;
      dropIdleKeys();
    }
  }

  /** Drops every idle key once they outnumber both {@link #IDLE_KEYS_KEPT} and the active keys. */
  private void dropIdleKeys() {
    if (keys.size() - activeKeys > Math.max(IDLE_KEYS_KEPT, activeKeys)) {
      keys.removeIdle();
    }
  }

  @SuppressWarnings("unchecked")
  private void late(K key, long v, Object o, long ts) {
    if (lateSink == null) {
      lateDropped++;
      return;
    }
    lateSideOutput++;
    lateSink.accept(key, function == null ? (IN) Long.valueOf(v) : (IN) o, ts, watermark);
  }

  /** Flink's {@code cleanupTime}: end - 1 + lateness, or {@link Long#MAX_VALUE} on overflow. */
  private long cleanupTime(long maxTimestamp) {
    long t = maxTimestamp + lateness;
    return t >= maxTimestamp ? t : Long.MAX_VALUE;
  }

  /**
   * Builds a {@link WindowedAggregator}. Not thread-safe.
   *
   * @param <K> the key type
   * @param <IN> the element value type
   * @param <OUT> the pane value type
   */
  public static final class Builder<K, IN, OUT> {
    private final LongAggregation longAggregation;
    private final AggregateFunction<IN, ?, OUT> function;
    private WindowConfig config = WindowConfig.ofDefaults();
    private Ticker ticker;
    private LateDataSink<K, IN> lateSink;

    private Builder(LongAggregation longAggregation, AggregateFunction<IN, ?, OUT> function) {
      this.longAggregation = longAggregation;
      this.function = function;
    }

    /** The windowing (default {@link WindowConfig#ofDefaults()}). */
    public Builder<K, IN, OUT> config(WindowConfig config) {
      this.config = Require.notNull(config, "config");
      return this;
    }

    /** The processing-time source; required with early firings, unused without. */
    public Builder<K, IN, OUT> ticker(Ticker ticker) {
      this.ticker = Require.notNull(ticker, "ticker");
      return this;
    }

    /** Where elements too late for every window go; without one they are dropped and counted. */
    public Builder<K, IN, OUT> lateDataOutput(LateDataSink<K, IN> lateSink) {
      this.lateSink = Require.notNull(lateSink, "lateSink");
      return this;
    }

    /** The aggregator, emitting its panes to {@code sink}. */
    public WindowedAggregator<K, IN, OUT> build(Consumer<Pane<K, OUT>> sink) {
      Require.notNull(sink, "sink");
      Require.requireState(config.earlyFiringInterval().isZero() || ticker != null,
          "early firings (every %s) need a ticker: call ticker(...)",
          Durations.exact(config.earlyFiringInterval()));
      return new WindowedAggregator<>(this, sink);
    }
  }

  /** A reduction as an aggregate function: the accumulator is the value reduced so far. */
  private static final class ReduceFunction<T> implements AggregateFunction<T, Object, T> {
    private static final Object EMPTY = new Object();
    private final BinaryOperator<T> reducer;

    ReduceFunction(BinaryOperator<T> reducer) {
      this.reducer = reducer;
    }

    @Override
    public Object createAccumulator() {
      return EMPTY;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object add(T value, Object accumulator) {
      return accumulator == EMPTY ? value : reducer.apply((T) accumulator, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getResult(Object accumulator) {
      return (T) accumulator;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object merge(Object a, Object b) {
      return a == EMPTY ? b : b == EMPTY ? a : reducer.apply((T) a, (T) b);
    }
  }
}
