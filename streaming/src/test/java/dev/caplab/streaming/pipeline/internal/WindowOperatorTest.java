package dev.caplab.streaming.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window operator's journal: what it keeps, and that a restore rebuilds the windows. */
class WindowOperatorTest {

  private static WindowOperator<Long, Long, Number> operator(WindowAssigner assigner, Duration lateness) {
    return new WindowOperator<>(v -> v % 10, WindowedAggregator.<Long>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(assigner).allowedLateness(lateness).build()));
  }

  @Test
  void theJournalHoldsAboutTheRetainedWindowsInputNotTheWholeStream() {
    WindowOperator<Long, Long, Number> op = operator(WindowAssigner.tumbling(Duration.ofMillis(100)), Duration.ZERO);
    List<Object> out = new ArrayList<>();
    Emitter emitter = (v, ts, p) -> out.add(v);
    int maxJournal = 0;
    for (long i = 0; i < 100_000; i++) {
      op.processRecord(new Rec(i, i, 0), emitter); // one element per ms
      if (i % 10 == 9) {
        op.onWatermark(i, emitter);
      }
      maxJournal = Math.max(maxJournal, op.journalSize());
    }
    assertTrue(maxJournal <= 2 * 100 + 64, "journal grew to " + maxJournal);
    assertTrue(out.size() >= 999 * 10, "panes " + out.size());
  }

  @Test
  void anElementIsKeptUntilTheWatermarkPassesItsLastWindowsCleanup() {
    WindowOperator<Long, Long, Number> sliding = operator(
        WindowAssigner.sliding(Duration.ofMillis(60), Duration.ofMillis(20)), Duration.ofMillis(5));
    // 45 lies in [0,60) [20,80) [40,100): the last cleans up at 99 + 5
    assertEquals(104, sliding.lastCleanup(45));
    assertEquals(104, sliding.lastCleanup(40));
    assertEquals(124, sliding.lastCleanup(60));
    WindowOperator<Long, Long, Number> tumbling = operator(WindowAssigner.tumbling(Duration.ofMillis(50)), Duration.ZERO);
    assertEquals(49, tumbling.lastCleanup(0));
    assertEquals(49, tumbling.lastCleanup(49));
    assertEquals(99, tumbling.lastCleanup(50));
    assertEquals(-1, tumbling.lastCleanup(-50));
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
    assertEquals(50, ((WindowOperator.Snapshot) snapshot).elements().size(), "only [100,200)'s input is kept");
    assertEquals(99, ((WindowOperator.Snapshot) snapshot).watermark());

    WindowOperator<Long, Long, Number> restored = operator(WindowAssigner.tumbling(Duration.ofMillis(100)), Duration.ZERO);
    List<Object> after = new ArrayList<>();
    Emitter afterEmitter = (v, ts, p) -> after.add(v);
    restored.restore(snapshot);
    assertEquals(List.of(), after, "the replay is muted");
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
