package dev.caplab.streaming.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window operator's checkpointed state: the aggregator's snapshot, restored without replay. */
class WindowOperatorTest {

  private static WindowOperator<Long, Long, Number> operator(WindowAssigner assigner, Duration lateness) {
    return new WindowOperator<>(v -> v % 10, WindowedAggregator.<Long>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(assigner).allowedLateness(lateness).build()));
  }

  @Test
  void theCheckpointHoldsTheOpenWindowsNotTheStream() {
    WindowOperator<Long, Long, Number> op = operator(WindowAssigner.tumbling(Duration.ofMillis(100)), Duration.ZERO);
    List<Object> out = new ArrayList<>();
    Emitter emitter = (v, ts, p) -> out.add(v);
    for (long i = 0; i < 100_000; i++) {
      op.processRecord(new Rec(i, i, 0), emitter); // one element per ms, keys 0 to 9
      if (i % 10 == 9) {
        op.onWatermark(i, emitter);
      }
    }
    WindowedAggregator.Snapshot<?> snapshot = (WindowedAggregator.Snapshot<?>) op.snapshot();
    assertEquals(0, snapshot.openWindows(), "every window fired and was cleaned up at 99,999");
    op.processRecord(new Rec(100_000L, 100_000, 0), emitter);
    op.processRecord(new Rec(100_001L, 100_001, 0), emitter);
    assertEquals(2, ((WindowedAggregator.Snapshot<?>) op.snapshot()).openWindows(), "keys 0 and 1");
    assertEquals(1000 * 10, out.size());
  }

  @Test
  void aRestoreRebuildsTheOpenWindowsWithoutEmittingAndThenCarriesOn() {
    WindowOperator<Long, Long, Number> op = operator(WindowAssigner.tumbling(Duration.ofMillis(100)), Duration.ZERO);
    List<Object> out = new ArrayList<>();
    Emitter emitter = (v, ts, p) -> out.add(v);
    for (long i = 0; i < 150; i++) {
      op.processRecord(new Rec(i * 10, i, 0), emitter); // value 10 * ts, key 0
    }
    op.onWatermark(99, emitter);
    assertEquals(1, out.size(), "[0,100) fired");
    Object snapshot = op.snapshot();
    assertEquals(99, ((WindowedAggregator.Snapshot<?>) snapshot).watermark());
    assertEquals(1, ((WindowedAggregator.Snapshot<?>) snapshot).openWindows(), "only [100,200) is open");

    WindowOperator<Long, Long, Number> restored = operator(WindowAssigner.tumbling(Duration.ofMillis(100)), Duration.ZERO);
    List<Object> after = new ArrayList<>();
    Emitter afterEmitter = (v, ts, p) -> after.add(v);
    restored.restore(snapshot);
    assertEquals(List.of(), after, "a restore emits nothing");
    restored.onWatermark(199, afterEmitter);
    @SuppressWarnings("unchecked")
    Pane<Long, Number> pane = (Pane<Long, Number>) after.get(0);
    long expected = 0;
    for (long i = 100; i < 150; i++) {
      expected += i * 10;
    }
    assertEquals(expected, pane.value().longValue());
    assertEquals(100, pane.window().start());
  }
}
