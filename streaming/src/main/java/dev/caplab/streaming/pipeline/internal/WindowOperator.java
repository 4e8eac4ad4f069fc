package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowedAggregator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a {@link WindowedAggregator} as a pipeline operator: records go in with their key and event
 * time, watermarks advance it, panes come out with the pane's timestamp ({@code end - 1}).
 *
 * <p>Its checkpointed state is a journal: the inputs (elements and watermarks) since the aggregator
 * last held no open window, plus the watermark at that point. A restore rebuilds the aggregator
 * and replays the journal with its output muted, which recreates the same windows, because the
 * aggregator is deterministic in its inputs. The journal is cut whenever a watermark leaves no
 * window open, so it holds about one window's worth of input. Processing-time early firings are
 * not replayed (they depend on when the rounds ran).
 *
 * <p>Not thread-safe.
 */
public final class WindowOperator<K, IN, OUT> implements Operator {

  private final Function<? super IN, ? extends K> keyOf;
  private final WindowedAggregator.Builder<K, IN, OUT> builder;
  private final boolean earlyFirings;
  private WindowedAggregator<K, IN, OUT> aggregator;
  private List<Object> journal = new ArrayList<>();
  private Emitter emitter;
  private boolean muted;

  /** Windows records keyed by {@code keyOf} with aggregators from {@code builder}. */
  public WindowOperator(Function<? super IN, ? extends K> keyOf, WindowedAggregator.Builder<K, IN, OUT> builder) {
    this.keyOf = keyOf;
    this.builder = builder;
    this.aggregator = builder.build(this::pane);
    this.earlyFirings = !aggregator.config().earlyFiringInterval().isZero();
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
      if (aggregator.openWindows() == 0) {
        journal = new ArrayList<>();
      }
      journal.add(watermark);
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
    return Collections.unmodifiableList(new ArrayList<>(journal));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Object state) {
    aggregator = builder.build(this::pane);
    journal = new ArrayList<>((List<Object>) state);
    muted = true;
    try {
      for (Object e : journal) {
        if (e instanceof Element<?, ?> el) {
          aggregator.process((K) el.key(), (IN) el.value(), el.timestamp());
        } else {
          aggregator.advanceWatermark((Long) e);
        }
      }
    } finally {
      muted = false;
    }
  }

  /** The inputs journaled for the next checkpoint. */
  public int journalSize() {
    return journal.size();
  }

  /** The aggregator (for metrics). */
  public WindowedAggregator<K, IN, OUT> aggregator() {
    return aggregator;
  }

  private void pane(Pane<K, OUT> pane) {
    if (!muted) {
      emitter.emit(pane, pane.timestamp(), 0);
    }
  }

  /** One journaled element. */
  record Element<K, IN>(K key, IN value, long timestamp) {}
}
