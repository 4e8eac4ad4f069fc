package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.TimeWindow;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a {@link WindowedAggregator} as a pipeline operator: records go in with their key and event
 * time, watermarks advance it, panes come out with the pane's timestamp ({@code end - 1}).
 *
 * <p>Its checkpointed state is the aggregator's watermark and a journal of the elements that may
 * still be in a retained window, in arrival order. A restore builds a fresh aggregator, feeds it the
 * journal, then advances it to the watermark, all with its output muted: with event-time triggers
 * this rebuilds the same windows with the same contents, because every element of a retained window
 * is in the journal and, with the watermark held back during the replay, none of them is late.
 *
 * <p>The journal drops an element once the watermark has passed the cleanup time ({@code end - 1 +
 * allowedLateness}) of the last window that holds it (tumbling and sliding windows: the window
 * starting at the last slide at or before it); it is pruned whenever it has doubled since the last
 * pruning, so it holds about the retained windows' input. Session windows can grow without bound,
 * so for them the journal is cleared only when no window is left open. Processing-time early
 * firings are not replayed (they depend on when the rounds ran).
 *
 * <p>Not thread-safe.
 */
public final class WindowOperator<K, IN, OUT> implements Operator {

  private static final int MIN_PRUNE_SIZE = 64;

  private final Function<? super IN, ? extends K> keyOf;
  private final WindowedAggregator.Builder<K, IN, OUT> builder;
  private final boolean earlyFirings;
  private final boolean sessions;
  private final long size;
  private final long slide;
  private final long offset;
  private final long lateness;
  private WindowedAggregator<K, IN, OUT> aggregator;
  private ArrayList<Element<K, IN>> journal = new ArrayList<>();
  private int pruneAt = MIN_PRUNE_SIZE;
  private Emitter emitter;
  private boolean muted;

  /** Windows records keyed by {@code keyOf} with aggregators from {@code builder}. */
  public WindowOperator(Function<? super IN, ? extends K> keyOf, WindowedAggregator.Builder<K, IN, OUT> builder) {
    this.keyOf = keyOf;
    this.builder = builder;
    this.aggregator = builder.build(this::pane);
    WindowConfig config = aggregator.config();
    WindowAssigner assigner = config.assigner();
    this.earlyFirings = !config.earlyFiringInterval().isZero();
    this.sessions = assigner.kind() == WindowAssigner.Kind.SESSION;
    this.size = assigner.sizeMillis();
    this.slide = assigner.slideMillis();
    this.offset = assigner.offsetMillis();
    this.lateness = config.allowedLateness().toMillis();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processRecord(Rec rec, Emitter out) {
    emitter = out;
    IN value = (IN) rec.value;
    K key = keyOf.apply(value);
    journal.add(new Element<>(key, value, rec.timestamp));
    aggregator.process(key, value, rec.timestamp);
  }

  @Override
  public void onWatermark(long watermark, Emitter out) {
    emitter = out;
    if (aggregator.advanceWatermark(watermark)) {
      if (sessions ? aggregator.openWindows() == 0 : journal.size() >= pruneAt) {
        prune();
      }
    }
  }

  @Override
  public void onRound(Emitter out) {
    if (earlyFirings) {
      emitter = out;
      aggregator.onProcessingTime();
    }
  }

  @Override
  public Object snapshot() {
    prune();
    return new Snapshot(aggregator.currentWatermark(), Collections.unmodifiableList(new ArrayList<>(journal)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Object state) {
    Snapshot s = (Snapshot) state;
    aggregator = builder.build(this::pane);
    journal = new ArrayList<>();
    muted = true;
    try {
      for (Element<?, ?> e : s.elements()) {
        Element<K, IN> el = (Element<K, IN>) e;
        journal.add(el);
        aggregator.process(el.key(), el.value(), el.timestamp());
      }
      aggregator.advanceWatermark(s.watermark());
    } finally {
      muted = false;
    }
    pruneAt = Math.max(MIN_PRUNE_SIZE, 2 * journal.size());
  }

  /** The elements journaled for the next checkpoint. */
  public int journalSize() {
    return journal.size();
  }

  /** The aggregator (for metrics). */
  public WindowedAggregator<K, IN, OUT> aggregator() {
    return aggregator;
  }

  /** Drops the elements no retained window can hold. */
  private void prune() {
    long watermark = aggregator.currentWatermark();
    if (sessions) {
      if (aggregator.openWindows() == 0) {
        journal = new ArrayList<>();
      }
    } else {
      ArrayList<Element<K, IN>> kept = new ArrayList<>();
      for (Element<K, IN> e : journal) {
        if (lastCleanup(e.timestamp()) > watermark) {
          kept.add(e);
        }
      }
      journal = kept;
    }
    pruneAt = Math.max(MIN_PRUNE_SIZE, 2 * journal.size());
  }

  /** The cleanup time of the last window holding {@code timestamp}: it starts at the last slide at or before it. */
  long lastCleanup(long timestamp) {
    long start = TimeWindow.windowStart(timestamp, offset, slide);
    long end = start + size; // may overflow only for timestamps within a window of Long.MAX_VALUE
    return end < start ? Long.MAX_VALUE : saturatedAdd(end - 1, lateness);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private void pane(Pane<K, OUT> pane) {
    if (!muted) {
      emitter.emit(pane, pane.timestamp(), 0);
    }
  }

  /** One journaled element. */
  record Element<K, IN>(K key, IN value, long timestamp) {}

  /** A window operator's checkpointed state: its watermark and the elements retained windows may hold. */
  public record Snapshot(long watermark, List<Element<?, ?>> elements) {}
}
