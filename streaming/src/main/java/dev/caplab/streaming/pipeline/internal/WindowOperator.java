package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.util.function.Function;

/**
 * Runs a {@link WindowedAggregator} as a pipeline operator: records go in with their key and event
 * time, watermarks advance it, panes come out with the pane's timestamp ({@code end - 1}).
 *
 * <p>Its checkpointed state is the aggregator's {@link WindowedAggregator#snapshot() snapshot}: the
 * open windows with their contents, the pending timers in firing order, the watermark and the
 * counters, as Flink checkpoints a window operator's state. A restore builds a fresh aggregator and
 * {@link WindowedAggregator#restore restores} the snapshot into it, so the restored operator emits
 * exactly what the uninterrupted one would; nothing is replayed, so nothing is emitted on restore.
 *
 * <p>Not thread-safe.
 */
public final class WindowOperator<K, IN, OUT> implements Operator {

  private final Function<? super IN, ? extends K> keyOf;
  private final WindowedAggregator.Builder<K, IN, OUT> builder;
  private final boolean earlyFirings;
  private WindowedAggregator<K, IN, OUT> aggregator;
  private Emitter emitter;

  /** Windows records keyed by {@code keyOf} with aggregators from {@code builder}. */
  public WindowOperator(Function<? super IN, ? extends K> keyOf, WindowedAggregator.Builder<K, IN, OUT> builder) {
    this.keyOf = keyOf;
    this.builder = builder;
    this.aggregator = builder.build(this::pane);
    WindowConfig config = aggregator.config();
    this.earlyFirings = !config.earlyFiringInterval().isZero();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processRecord(Rec rec, Emitter out) {
    emitter = out;
    IN value = (IN) rec.value;
    aggregator.process(keyOf.apply(value), value, rec.timestamp);
  }

  @Override
  public void onWatermark(long watermark, Emitter out) {
    emitter = out;
    aggregator.advanceWatermark(watermark);
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
    return aggregator.snapshot();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Object state) {
    aggregator = builder.build(this::pane);
    aggregator.restore((WindowedAggregator.Snapshot<K>) state);
  }

  /** The aggregator (for metrics). */
  public WindowedAggregator<K, IN, OUT> aggregator() {
    return aggregator;
  }

  private void pane(Pane<K, OUT> pane) {
    emitter.emit(pane, pane.timestamp(), 0);
  }
}
