package dev.caplab.streaming.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.Trigger;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctCountTest {

  private static final DistinctCount<Long> LONGS = DistinctCount.longs(DistinctCountConfig.ofDefaults());

  private static DistinctCount.Sketch sketchOf(DistinctCount<Long> f, long from, long to) {
    DistinctCount.Sketch s = f.createAccumulator();
    for (long v = from; v < to; v++) {
      s = f.add(v, s);
      s = f.add(v, s); // every value twice: duplicates count once
    }
    return s;
  }

  private static List<Pane<String, DistinctEstimate>> run(WindowAssigner assigner, Trigger trigger, long[][] events) {
    List<Pane<String, DistinctEstimate>> panes = new ArrayList<>();
    WindowedAggregator<String, Long, DistinctEstimate> op = WindowedAggregator.<String, Long, DistinctEstimate>aggregate(LONGS)
        .config(WindowConfig.custom().assigner(assigner).trigger(trigger).build()).build(panes::add);
    for (long[] e : events) {
      if (e.length == 1) {
        op.advanceWatermark(e[0]);
      } else {
        op.processLong("k", e[0], e[1]);
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    return panes;
  }

  @Test
  void smallCountsAreExactAndWithinTheirBounds() {
    DistinctEstimate e = LONGS.getResult(sketchOf(LONGS, 0, 100));
    assertEquals(100.0, e.estimate(), 0.01);
    assertTrue(e.lowerBound() <= 100 && 100 <= e.upperBound(), e::toString);
    assertEquals(100, e.rounded());
    assertEquals(2, e.confidenceStdDevs());
    assertEquals(0.9545, e.confidence());
    assertEquals(12, e.lgK());
  }

  @Test
  void largeCountsAreEstimatedWithBoundsThatWidenWithConfidence() {
    DistinctCount<Long> one = DistinctCount.longs(DistinctCountConfig.custom().confidenceStdDevs(1).build());
    DistinctCount<Long> three = DistinctCount.longs(DistinctCountConfig.custom().confidenceStdDevs(3).build());
    DistinctCount.Sketch s = sketchOf(one, 0, 50_000);
    DistinctEstimate e1 = one.getResult(s);
    DistinctEstimate e3 = three.getResult(s);
    assertEquals(e1.estimate(), e3.estimate());
    assertTrue(e1.lowerBound() < e1.estimate() && e1.estimate() < e1.upperBound(), e1::toString);
    assertTrue(e3.lowerBound() < e1.lowerBound() && e1.upperBound() < e3.upperBound(), e1 + " vs " + e3);
    assertEquals(50_000, e1.estimate(), 50_000 * 0.05); // 1.6% standard error at lgK 12
  }

  @Test
  void lgKSetsTheSketchSizeAndItsError() {
    DistinctCount<Long> small = DistinctCount.longs(DistinctCountConfig.custom().lgK(6).build());
    DistinctCount.Sketch s = sketchOf(small, 0, 20_000);
    DistinctCount.Sketch big = sketchOf(LONGS, 0, 20_000);
    assertTrue(s.bytes() < big.bytes(), s.bytes() + " vs " + big.bytes());
    DistinctEstimate es = small.getResult(s);
    DistinctEstimate eb = LONGS.getResult(big);
    assertEquals(6, es.lgK());
    assertTrue(es.upperBound() - es.lowerBound() > 4 * (eb.upperBound() - eb.lowerBound()), es + " vs " + eb);
  }

  @Test
  void mergeUnionsIntoTheFirstAndLeavesTheSecond() {
    DistinctCount.Sketch a = sketchOf(LONGS, 0, 60);
    DistinctCount.Sketch b = sketchOf(LONGS, 40, 100);
    DistinctCount.Sketch merged = LONGS.merge(a, b);
    assertSame(a, merged);
    assertEquals(100, LONGS.getResult(merged).rounded()); // 40..59 seen in both, counted once
    assertEquals(60, LONGS.getResult(b).rounded());
    assertEquals(100, LONGS.getResult(LONGS.merge(sketchOf(LONGS, 40, 100), sketchOf(LONGS, 0, 60))).rounded());
    assertEquals(60, LONGS.getResult(LONGS.merge(LONGS.createAccumulator(), sketchOf(LONGS, 0, 60))).rounded());
    assertEquals(60, LONGS.getResult(LONGS.merge(sketchOf(LONGS, 0, 60), LONGS.createAccumulator())).rounded());
  }

  @Test
  void mergedLargeSketchesEstimateTheUnion() {
    DistinctCount<Long> f = DistinctCount.longs(DistinctCountConfig.custom().confidenceStdDevs(3).build());
    DistinctEstimate e = f.getResult(f.merge(sketchOf(f, 0, 30_000), sketchOf(f, 20_000, 50_000)));
    assertTrue(e.contains(50_000), e::toString);
    assertTrue(e.estimate() < 55_000, e::toString); // not the sum of the two counts, 60,000
  }

  @Test
  void sessionWindowsMergeTheirSketches() {
    // Two sessions (gap 10), [0, 14) of values {1,2,3} and [20, 34) of {3,4,5}, then an element at
    // 12 whose window [12, 22) touches both, with the value 6: one session of 6 distinct values.
    List<Pane<String, DistinctEstimate>> panes = run(WindowAssigner.session(Duration.ofMillis(10)),
        Trigger.EVENT_TIME, new long[][] {{1, 0}, {2, 2}, {3, 4}, {3, 20}, {4, 22}, {5, 24}, {6, 12}});
    assertEquals(1, panes.size(), panes::toString);
    assertEquals(6, panes.get(0).value().rounded());
    assertEquals(0, panes.get(0).window().start());
    assertEquals(34, panes.get(0).window().end());
  }

  @Test
  void sessionsThatDoNotTouchKeepTheirOwnCounts() {
    List<Pane<String, DistinctEstimate>> panes = run(WindowAssigner.session(Duration.ofMillis(10)),
        Trigger.EVENT_TIME, new long[][] {{1, 0}, {2, 2}, {3, 4}, {3, 30}, {4, 32}});
    assertEquals(List.of(3L, 2L), panes.stream().map(p -> p.value().rounded()).toList());
  }

  @Test
  void tumblingAndSlidingWindowsCountTheirOwnElements() {
    List<Pane<String, DistinctEstimate>> tumbling = run(WindowAssigner.tumbling(Duration.ofMillis(10)),
        Trigger.EVENT_TIME, new long[][] {{1, 0}, {1, 1}, {2, 9}, {2, 10}, {3, 11}});
    assertEquals(List.of(2L, 2L), tumbling.stream().map(p -> p.value().rounded()).toList());
    List<Pane<String, DistinctEstimate>> sliding = run(WindowAssigner.sliding(Duration.ofMillis(10),
        Duration.ofMillis(5)), Trigger.EVENT_TIME, new long[][] {{1, 0}, {2, 6}, {2, 7}, {3, 12}});
    assertEquals(List.of(1L, 2L, 2L, 1L), sliding.stream().map(p -> p.value().rounded()).toList());
  }

  @Test
  void purgingPanesStartAFreshSketch() {
    List<Pane<String, DistinctEstimate>> panes = run(WindowAssigner.tumbling(Duration.ofMillis(10)),
        Trigger.PURGING_EVENT_TIME, new long[][] {{1, 0}, {2, 1}, {9}, {3, 5}, {1, 6}});
    // Lateness 0: late elements after the watermark 9 are dropped; nothing is left over to count.
    assertEquals(List.of(2L), panes.stream().map(p -> p.value().rounded()).toList());
    List<Pane<String, DistinctEstimate>> purged = new ArrayList<>();
    WindowedAggregator<String, Long, DistinctEstimate> op = WindowedAggregator.<String, Long, DistinctEstimate>aggregate(LONGS)
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(10)))
            .allowedLateness(Duration.ofMillis(100)).trigger(Trigger.PURGING_EVENT_TIME).build())
        .build(purged::add);
    op.processLong("k", 1, 0);
    op.processLong("k", 2, 1);
    op.advanceWatermark(9);
    op.processLong("k", 1, 5);
    assertEquals(List.of(2L, 1L), purged.stream().map(p -> p.value().rounded()).toList());
  }

  @Test
  void stringsAreCountedByValue() {
    DistinctCount<String> f = DistinctCount.strings(DistinctCountConfig.ofDefaults());
    DistinctCount.Sketch s = f.createAccumulator();
    for (String v : new String[] {"a", "b", "a", new String("b"), "c"}) {
      s = f.add(v, s);
    }
    assertEquals(3, f.getResult(s).rounded());
    assertNotSame(f.createAccumulator(), f.createAccumulator());
  }

  @Test
  void nullValuesAreRejected() {
    assertThrows(NullPointerException.class, () -> LONGS.add(null, LONGS.createAccumulator()));
  }

  @Test
  void badSettingsNameTheParameterTheValueAndTheRange() {
    assertEquals("lgK must be between 4 and 21, got 3", assertThrows(IllegalArgumentException.class,
        () -> DistinctCountConfig.custom().lgK(3)).getMessage());
    assertEquals("lgK must be between 4 and 21, got 22", assertThrows(IllegalArgumentException.class,
        () -> DistinctCountConfig.custom().lgK(22)).getMessage());
    assertEquals("confidenceStdDevs must be between 1 and 3, got 0", assertThrows(IllegalArgumentException.class,
        () -> DistinctCountConfig.custom().confidenceStdDevs(0)).getMessage());
    assertEquals("confidenceStdDevs must be between 1 and 3, got 4", assertThrows(IllegalArgumentException.class,
        () -> DistinctCountConfig.custom().confidenceStdDevs(4)).getMessage());
    assertEquals(4, DistinctCountConfig.custom().lgK(4).build().lgK());
    assertEquals(21, DistinctCountConfig.custom().lgK(21).build().lgK());
    assertThrows(NullPointerException.class, () -> DistinctCount.longs(null));
  }

  @Test
  void configDefaultsCopiesAndEquality() {
    DistinctCountConfig d = DistinctCountConfig.ofDefaults();
    assertEquals(DistinctCountConfig.DEFAULT_LG_K, d.lgK());
    assertEquals(DistinctCountConfig.DEFAULT_CONFIDENCE_STD_DEVS, d.confidenceStdDevs());
    DistinctCountConfig c = DistinctCountConfig.custom().lgK(8).confidenceStdDevs(3).build();
    DistinctCountConfig copy = DistinctCountConfig.from(c).build();
    assertEquals(c, copy);
    assertEquals(c.hashCode(), copy.hashCode());
    assertFalse(c.equals(d));
    assertFalse(c.equals(DistinctCountConfig.from(c).lgK(9).build()));
    assertFalse(c.equals(DistinctCountConfig.from(c).confidenceStdDevs(2).build()));
    assertEquals("DistinctCountConfig[lgK=8, confidenceStdDevs=3]", c.toString());
    assertSame(c, DistinctCount.longs(c).config());
  }

  @Test
  void confidenceIsTheNormalDistributions() {
    assertEquals(0.6827, DistinctCountConfig.confidence(1));
    assertEquals(0.9545, DistinctCountConfig.confidence(2));
    assertEquals(0.9973, DistinctCountConfig.confidence(3));
    assertThrows(IllegalArgumentException.class, () -> DistinctCountConfig.confidence(4));
  }

  @Test
  void anEstimateShowsItsBounds() {
    DistinctEstimate e = new DistinctEstimate(1020.6, 997.2, 1045.1, 2, 12);
    assertEquals("1021[997..1046]", e.toString());
    assertTrue(e.contains(998));
    assertTrue(e.contains(1045));
    assertFalse(e.contains(997));
    assertFalse(e.contains(1046));
    assertTrue(new DistinctEstimate(5, 5, 5, 1, 12).contains(5));
  }
}
