package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window firing, lateness, late data and merging as Flink's documentation describes them. */
class WindowedAggregatorTest {

  private final Recorder rec = new Recorder();
  private final long[] now = {0};

  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  private WindowedAggregator<String, Long, Number> sum(WindowAssigner a, long lateness, Trigger t) {
    return longs(LongAggregation.SUM, a, lateness, t, true);
  }

  private WindowedAggregator<String, Long, Number> longs(LongAggregation agg, WindowAssigner a, long lateness,
      Trigger t, boolean sideOutput) {
    WindowConfig c = WindowConfig.custom().assigner(a).allowedLateness(ms(lateness)).trigger(t).build();
    WindowedAggregator.Builder<String, Long, Number> b = WindowedAggregator.<String>longs(agg).config(c);
    if (sideOutput) {
      b.lateDataOutput(rec::late);
    }
    return b.build(rec::pane);
  }

  @Test
  void tumblingWindowFiresOnTimeWhenTheWatermarkReachesEndMinusOne() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 0);
    op.processLong("a", 2, 9);
    op.processLong("a", 4, 10);
    op.processLong("b", 8, 3);
    assertTrue(op.advanceWatermark(8));
    assertEquals(List.of(), rec.take());
    assertTrue(op.advanceWatermark(9));
    assertEquals(List.of("a[0, 10)=3 ON_TIME", "b[0, 10)=8 ON_TIME"), rec.take());
    assertEquals(1, op.openWindows(), "the fired windows are cleaned up (no lateness)");
    assertEquals(1, op.activeKeys());
    assertTrue(op.advanceWatermark(100));
    assertEquals(List.of("a[10, 20)=4 ON_TIME"), rec.take());
    assertEquals(0, op.openWindows());
    assertEquals(0, op.activeKeys());
    assertEquals(3, op.panesEmitted());
  }

  @Test
  void aWatermarkThatDoesNotAdvanceIsIgnored() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME);
    assertTrue(op.advanceWatermark(5));
    assertFalse(op.advanceWatermark(5));
    assertFalse(op.advanceWatermark(3));
    assertEquals(5, op.currentWatermark());
    op.processLong("a", 1, 7);
    op.advanceWatermark(8);
    assertEquals(List.of(), rec.take());
  }

  @Test
  void panesOfOneWatermarkComeByEndThenByWhenTheWindowOpened() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME);
    op.processLong("b", 1, 15);
    op.processLong("a", 1, 5);
    op.processLong("c", 1, 16);
    op.processLong("b", 1, 6);
    op.advanceWatermark(30);
    assertEquals(List.of("a[0, 10)=1 ON_TIME", "b[0, 10)=1 ON_TIME", "b[10, 20)=1 ON_TIME", "c[10, 20)=1 ON_TIME"),
        rec.take());
  }

  /** Without lateness an element for a window the watermark passed is late: side output. */
  @Test
  void withoutLatenessALateElementGoesToTheSideOutput() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 3);
    op.advanceWatermark(9);
    rec.take();
    op.processLong("a", 5, 9);
    op.processLong("a", 6, 10);
    assertEquals(List.of("late a 5@9"), rec.take());
    assertEquals(1, op.lateElementsSideOutput());
    assertEquals(0, op.lateElementsDropped());
  }

  @Test
  void withoutASideOutputLateElementsAreDroppedAndCounted() {
    var op = longs(LongAggregation.SUM, WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME, false);
    op.advanceWatermark(20);
    op.processLong("a", 1, 19); // [10, 20): end - 1 = 19 <= 20, and 19 + 0 <= 20: late
    op.processLong("a", 1, 20); // [20, 30) is open
    assertEquals(1, op.lateElementsDropped());
    assertEquals(0, op.lateElementsSideOutput());
    assertEquals(List.of(), rec.take());
  }

  /**
   * Flink's allowed lateness with the (accumulating) event-time trigger: after the on-time pane, each
   * element within the lateness fires again at once with everything so far; once the watermark
   * reaches end - 1 + lateness the state is gone and the element is late.
   */
  @Test
  void accumulatingLatePanesHoldEverythingUntilCleanup() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 5, Trigger.EVENT_TIME);
    op.processLong("a", 1, 2);
    op.advanceWatermark(9);
    assertEquals(List.of("a[0, 10)=1 ON_TIME"), rec.take());
    assertEquals(1, op.openWindows(), "kept for the allowed lateness");
    op.processLong("a", 10, 4);
    op.advanceWatermark(13);
    op.processLong("a", 100, 0);
    assertEquals(List.of("a[0, 10)=11 LATE", "a[0, 10)=111 LATE"), rec.take());
    op.advanceWatermark(14); // cleanup time 9 + 5
    assertEquals(0, op.openWindows());
    op.processLong("a", 1000, 9);
    assertEquals(List.of("late a 1000@9"), rec.take());
  }

  /** The purging trigger discards on every firing: a late pane holds only the late element. */
  @Test
  void purgingLatePanesHoldOnlyWhatArrivedSince() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 5, Trigger.PURGING_EVENT_TIME);
    op.processLong("a", 1, 2);
    op.processLong("a", 2, 3);
    op.advanceWatermark(9);
    op.processLong("a", 10, 4);
    op.processLong("a", 100, 5);
    assertEquals(List.of("a[0, 10)=3 ON_TIME", "a[0, 10)=10 LATE", "a[0, 10)=100 LATE"), rec.take());
    op.advanceWatermark(14);
    assertEquals(List.of(), rec.take(), "a purged window emits nothing at cleanup");
    assertEquals(0, op.openWindows());
  }

  @Test
  void aLateElementWithinLatenessOpensAWindowAndFiresItAtOnce() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 5, Trigger.EVENT_TIME);
    op.advanceWatermark(12);
    op.processLong("a", 7, 3); // [0, 10): end - 1 = 9 <= 12 < 14 = cleanup
    assertEquals(List.of("a[0, 10)=7 LATE"), rec.take());
    op.advanceWatermark(13);
    assertEquals(List.of(), rec.take());
    op.advanceWatermark(14);
    assertEquals(0, op.openWindows());
  }

  @Test
  void latenessBoundaryIsExclusiveAtCleanupTime() {
    var op = sum(WindowAssigner.tumbling(ms(10)), 5, Trigger.EVENT_TIME);
    op.advanceWatermark(13);
    op.processLong("a", 1, 9); // 9 + 5 = 14 > 13: accepted
    op.advanceWatermark(14);
    op.processLong("b", 1, 9); // 9 + 5 <= 14: late
    assertEquals(List.of("a[0, 10)=1 LATE", "late b 1@9"), rec.take());
  }

  /**
   * Sliding windows: an element late for its older window but accepted by a newer one goes to the
   * newer only and is not side output; one late for both is.
   */
  @Test
  void aSlidingElementIsSideOutputOnlyWhenLateForEveryWindow() {
    var op = sum(WindowAssigner.sliding(ms(10), ms(5)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 7); // [5, 15) and [0, 10)
    op.advanceWatermark(9);
    assertEquals(List.of("a[0, 10)=1 ON_TIME"), rec.take());
    op.processLong("a", 2, 8); // late for [0, 10), on time for [5, 15)
    assertEquals(List.of(), rec.take());
    assertEquals(0, op.lateElementsSideOutput());
    op.advanceWatermark(14);
    assertEquals(List.of("a[5, 15)=3 ON_TIME"), rec.take());
    op.processLong("a", 4, 4); // [0, 10) and [-5, 5): both late
    assertEquals(List.of("late a 4@4"), rec.take());
    assertEquals(1, op.lateElementsSideOutput());
  }

  @Test
  void slidingWindowsWithNegativeStartsFire() {
    var op = sum(WindowAssigner.sliding(ms(10), ms(5)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 0);
    op.processLong("a", 2, 6);
    op.advanceWatermark(Long.MAX_VALUE);
    assertEquals(List.of("a[-5, 5)=1 ON_TIME", "a[0, 10)=3 ON_TIME", "a[5, 15)=2 ON_TIME"), rec.take());
  }

  /** Flink's session windows: windows that overlap or merely touch merge; a gap keeps them apart. */
  @Test
  void sessionWindowsMergeWhenTheyTouch() {
    var op = sum(WindowAssigner.session(ms(10)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 0);   // [0, 10)
    op.processLong("a", 2, 10);  // [10, 20) touches: [0, 20)
    op.processLong("a", 4, 31);  // [31, 41): a gap of 11
    op.processLong("b", 8, 0);
    assertEquals(3, op.openWindows());
    op.advanceWatermark(Long.MAX_VALUE);
    assertEquals(List.of("b[0, 10)=8 ON_TIME", "a[0, 20)=3 ON_TIME", "a[31, 41)=4 ON_TIME"), rec.take());
  }

  @Test
  void aBridgingElementMergesTwoSessionsAndMovesTheTimer() {
    var op = sum(WindowAssigner.session(ms(10)), 0, Trigger.EVENT_TIME);
    op.processLong("a", 1, 0);   // [0, 10)
    op.processLong("a", 2, 20);  // [20, 30)
    op.processLong("a", 4, 10);  // [10, 20) touches both: [0, 30)
    assertEquals(1, op.openWindows());
    op.advanceWatermark(9);
    assertEquals(List.of(), rec.take(), "the old timer at 9 is stale after the merge");
    op.advanceWatermark(29);
    assertEquals(List.of("a[0, 30)=7 ON_TIME"), rec.take());
  }

  @Test
  void anElementInsideASessionDoesNotExtendIt() {
    var op = longs(LongAggregation.MAX, WindowAssigner.session(ms(10)), 0, Trigger.EVENT_TIME, true);
    op.processLong("a", 5, 0);
    op.processLong("a", 9, 12); // [0, 22)
    op.processLong("a", 3, 5);  // [5, 15) inside
    op.advanceWatermark(21);
    assertEquals(List.of("a[0, 22)=9 ON_TIME"), rec.take());
  }

  @Test
  void aLateElementWithinLatenessMergesFiredSessionsAndFiresLate() {
    var op = sum(WindowAssigner.session(ms(10)), 100, Trigger.EVENT_TIME);
    op.processLong("a", 1, 0);   // [0, 10)
    op.processLong("a", 2, 20);  // [20, 30)
    op.advanceWatermark(50);
    assertEquals(List.of("a[0, 10)=1 ON_TIME", "a[20, 30)=2 ON_TIME"), rec.take());
    op.processLong("a", 4, 10);  // bridges them: [0, 30), end - 1 = 29 <= 50
    assertEquals(List.of("a[0, 30)=7 LATE"), rec.take());
    assertEquals(1, op.openWindows());
    op.advanceWatermark(129); // cleanup 29 + 100
    assertEquals(0, op.openWindows());
    op.processLong("a", 1, 20); // [20, 30): cleanup 129 <= 129
    op.processLong("a", 1, 29); // [29, 39): a new window, cleanup 138 > 129, fired late at once
    assertEquals(List.of("late a 1@20", "a[29, 39)=1 LATE"), rec.take());
  }

  @Test
  void aLateSessionElementExtendingPastTheWatermarkWaitsForItAgain() {
    var op = sum(WindowAssigner.session(ms(10)), 100, Trigger.PURGING_EVENT_TIME);
    op.processLong("a", 1, 0);
    op.advanceWatermark(12);
    assertEquals(List.of("a[0, 10)=1 ON_TIME"), rec.take());
    op.processLong("a", 2, 8); // [8, 18) merges: [0, 18), end - 1 = 17 > 12
    assertEquals(List.of(), rec.take());
    op.advanceWatermark(17);
    assertEquals(List.of("a[0, 18)=2 ON_TIME"), rec.take());
  }

  @Test
  void aLateSessionIsSideOutput() {
    var op = sum(WindowAssigner.session(ms(10)), 0, Trigger.EVENT_TIME);
    op.advanceWatermark(20);
    op.processLong("a", 1, 11); // [11, 21): end - 1 = 20 <= 20
    op.processLong("a", 2, 12); // [12, 22): fine
    op.advanceWatermark(30);
    assertEquals(List.of("late a 1@11", "a[12, 22)=2 ON_TIME"), rec.take());
  }

  @Test
  void builtInAggregations() {
    for (LongAggregation agg : LongAggregation.values()) {
      var op = longs(agg, WindowAssigner.tumbling(ms(10)), 0, Trigger.EVENT_TIME, true);
      op.processLong("a", 4, 1);
      op.processLong("a", -2, 2);
      op.process("a", 7L, 3);
      op.advanceWatermark(9);
    }
    assertEquals(List.of("a[0, 10)=9 ON_TIME", "a[0, 10)=3 ON_TIME", "a[0, 10)=-2 ON_TIME", "a[0, 10)=7 ON_TIME",
        "a[0, 10)=3.0 ON_TIME"), rec.take());
  }

  @Test
  void sessionMergeCombinesBuiltInAccumulators() {
    for (LongAggregation agg : LongAggregation.values()) {
      var op = longs(agg, WindowAssigner.session(ms(10)), 0, Trigger.EVENT_TIME, true);
      op.processLong("a", 4, 20);
      op.processLong("a", -2, 0);
      op.processLong("a", 7, 10); // merges [0, 10) and [20, 30)
      op.advanceWatermark(Long.MAX_VALUE);
    }
    assertEquals(List.of("a[0, 30)=9 ON_TIME", "a[0, 30)=3 ON_TIME", "a[0, 30)=-2 ON_TIME", "a[0, 30)=7 ON_TIME",
        "a[0, 30)=3.0 ON_TIME"), rec.take());
  }

  @Test
  void minAndMaxStartAfreshAfterAPurge() {
    var op = longs(LongAggregation.MIN, WindowAssigner.tumbling(ms(10)), 10, Trigger.PURGING_EVENT_TIME, true);
    op.processLong("a", 1, 1);
    op.advanceWatermark(9);
    op.processLong("a", 5, 2);
    var max = longs(LongAggregation.MAX, WindowAssigner.tumbling(ms(10)), 10, Trigger.PURGING_EVENT_TIME, true);
    max.processLong("a", 9, 1);
    max.advanceWatermark(9);
    max.processLong("a", -5, 2);
    assertEquals(List.of("a[0, 10)=1 ON_TIME", "a[0, 10)=5 LATE", "a[0, 10)=9 ON_TIME", "a[0, 10)=-5 LATE"),
        rec.take());
  }

  @Test
  void reduceAndAggregateFunctions() {
    WindowConfig c = WindowConfig.custom().assigner(WindowAssigner.session(ms(10))).build();
    WindowedAggregator<String, String, String> concat = WindowedAggregator.<String, String>reduce((x, y) -> x + y)
        .config(c).build(rec::pane);
    concat.process("k", "x", 0);
    concat.process("k", "y", 20);
    concat.process("k", "z", 10);
    concat.advanceWatermark(Long.MAX_VALUE);
    AggregateFunction<Long, long[], Long> spread = new AggregateFunction<>() {
      @Override
      public long[] createAccumulator() {
        return new long[] {Long.MAX_VALUE, Long.MIN_VALUE};
      }

      @Override
      public long[] add(Long v, long[] a) {
        return new long[] {Math.min(a[0], v), Math.max(a[1], v)};
      }

      @Override
      public Long getResult(long[] a) {
        return a[1] - a[0];
      }

      @Override
      public long[] merge(long[] a, long[] b) {
        return new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
      }
    };
    WindowedAggregator<String, Long, Long> op = WindowedAggregator.<String, Long, Long>aggregate(spread)
        .config(c).lateDataOutput(rec::late).build(rec::pane);
    op.processLong("k", 3, 0);
    op.process("k", 10L, 20);
    op.processLong("k", -1, 10);
    op.advanceWatermark(Long.MAX_VALUE);
    op.processLong("k", 1, 5);
    assertEquals(List.of("k[0, 30)=xyz ON_TIME", "k[0, 30)=11 ON_TIME", "late k 1@5"), rec.take());
  }

  @Test
  void earlyFiringsComeEveryIntervalWhileTheWindowReceivesElements() {
    WindowConfig c = WindowConfig.custom().assigner(WindowAssigner.tumbling(ms(100)))
        .earlyFiringInterval(Duration.ofSeconds(1)).build();
    var op = WindowedAggregator.<String>longs(LongAggregation.SUM).config(c).ticker(() -> now[0]).build(rec::pane);
    now[0] = 300_000_000L;
    op.processLong("a", 1, 5); // due at the next whole second, 1 s
    now[0] = 999_999_999L;
    op.onProcessingTime();
    assertEquals(List.of(), rec.take());
    now[0] = 1_000_000_000L;
    op.onProcessingTime();
    assertEquals(List.of("a[0, 100)=1 EARLY"), rec.take());
    now[0] = 5_000_000_000L;
    op.onProcessingTime();
    assertEquals(List.of(), rec.take(), "nothing new since the last pane: no early firing");
    op.processLong("a", 2, 6); // due at 6 s
    now[0] = 5_500_000_000L;
    op.onProcessingTime();
    op.advanceWatermark(99);
    now[0] = 7_000_000_000L;
    op.onProcessingTime();
    assertEquals(List.of("a[0, 100)=3 ON_TIME"), rec.take(), "no early pane after the on-time one");
  }

  @Test
  void discardingEarlyPanesHoldOnlyTheirOwnElements() {
    WindowConfig c = WindowConfig.custom().assigner(WindowAssigner.tumbling(ms(100)))
        .trigger(Trigger.PURGING_EVENT_TIME).earlyFiringInterval(Duration.ofSeconds(1)).build();
    var op = WindowedAggregator.<String>longs(LongAggregation.SUM).config(c).ticker(() -> now[0]).build(rec::pane);
    op.processLong("a", 1, 5);
    now[0] = 1_000_000_000L;
    op.onProcessingTime();
    op.processLong("a", 2, 6);
    now[0] = 2_000_000_000L;
    op.onProcessingTime();
    op.processLong("a", 4, 7);
    op.advanceWatermark(99);
    assertEquals(List.of("a[0, 100)=1 EARLY", "a[0, 100)=2 EARLY", "a[0, 100)=4 ON_TIME"), rec.take());
  }

  @Test
  void earlyFiringsNeedATicker() {
    WindowConfig c = WindowConfig.custom().earlyFiringInterval(Duration.ofSeconds(1)).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> WindowedAggregator.<String>longs(LongAggregation.SUM).config(c).build(rec::pane));
    assertEquals("early firings (every 1s) need a ticker: call ticker(...)", e.getMessage());
    var op = WindowedAggregator.<String>longs(LongAggregation.SUM).build(rec::pane);
    op.onProcessingTime(); // no early firings: nothing to do, no ticker needed
    assertThrows(NullPointerException.class, () -> op.process("a", null, 1));
    assertThrows(NullPointerException.class, () -> op.processLong(null, 1, 1));
  }

  @Test
  void configHasDocumentedDefaultsAndChecksItsValues() {
    WindowConfig d = WindowConfig.ofDefaults();
    assertEquals(WindowConfig.DEFAULT_ASSIGNER, d.assigner());
    assertEquals(Trigger.EVENT_TIME, d.trigger());
    assertEquals(Duration.ZERO, d.allowedLateness());
    assertEquals(Duration.ZERO, d.earlyFiringInterval());
    WindowConfig c = WindowConfig.custom().trigger(Trigger.PURGING_EVENT_TIME).allowedLateness(ms(5)).build();
    WindowConfig copy = WindowConfig.from(c).build();
    assertEquals(Trigger.PURGING_EVENT_TIME, copy.trigger());
    assertEquals(ms(5), copy.allowedLateness());
    assertEquals("allowedLateness must be >= 0s, got -1ms", assertThrows(IllegalArgumentException.class,
        () -> WindowConfig.custom().allowedLateness(ms(-1))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WindowConfig.custom().earlyFiringInterval(ms(-1)));
    assertTrue(Trigger.PURGING_EVENT_TIME.purges());
    assertFalse(Trigger.EVENT_TIME.purges());
  }
}
