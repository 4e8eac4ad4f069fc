package dev.caplab.streaming.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.IntCountsHistogram;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  private static final Percentiles DEFAULTS = new Percentiles(PercentilesConfig.ofDefaults());

  private static IntCountsHistogram of(Percentiles f, long... values) {
    IntCountsHistogram h = f.createAccumulator();
    for (long v : values) {
      h = f.add(v, h);
    }
    return h;
  }

  private static long[] range(long from, long to) {
    long[] v = new long[(int) (to - from)];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return v;
  }

  @Test
  void nearestRankPercentilesOfSmallValuesAreExact() {
    PercentileSummary s = DEFAULTS.getResult(of(DEFAULTS, range(1, 101)));
    assertEquals(100, s.count());
    assertEquals(50, s.valueAt(0.5));
    assertEquals(90, s.valueAt(0.9));
    assertEquals(99, s.valueAt(0.99));
    assertEquals(1, s.min());
    assertEquals(100, s.max());
    assertEquals(2, s.significantDigits());
    assertEquals("count=100,p50=50,p90=90,p99=99", s.toString());
  }

  @Test
  void largeValuesAreWithinTheirPrecision() {
    Percentiles f = new Percentiles(PercentilesConfig.custom().quantiles(0.5).significantDigits(2).build());
    long v = f.getResult(of(f, 123_456)).valueAt(0.5);
    // The highest value equivalent to 123,456 at 2 significant digits: not below, within 1% above.
    assertEquals(of(f).highestEquivalentValue(123_456), v);
    assertFalse(v < 123_456 || v > 123_456 + 1_234, "value " + v);
    Percentiles precise = new Percentiles(PercentilesConfig.custom().quantiles(0.5).significantDigits(5).build());
    long p = precise.getResult(of(precise, 123_456)).valueAt(0.5);
    assertFalse(p < 123_456 || p > 123_456 + 1, "value " + p);
  }

  @Test
  void quantilesAreConfigurableAndKeepTheirOrder() {
    Percentiles f = new Percentiles(PercentilesConfig.custom().quantiles(0.999, 0, 1, 0.25).build());
    PercentileSummary s = f.getResult(of(f, range(1, 1001)));
    assertEquals(List.of("p99.9", "p0", "p100", "p25"), s.quantiles().stream().map(QuantileValue::name).toList());
    assertEquals(1, s.valueAt(0));
    assertEquals(250, s.valueAt(0.25));
    assertEquals(1000, f.getResult(of(f, range(1, 1001))).quantiles().get(2).value(), 1000 / 100.0);
    assertEquals(999, s.valueAt(0.999), 999 / 100.0);
    assertEquals("p99.9=7", new QuantileValue(0.999, 7).toString());
    assertEquals("p50", new QuantileValue(0.5, 0).name());
  }

  @Test
  void askingForAQuantileNotConfiguredNamesTheConfiguredOnes() {
    PercentileSummary s = DEFAULTS.getResult(of(DEFAULTS, 1, 2, 3));
    assertEquals("quantile must be one of the configured [0.5, 0.9, 0.99], got 0.75",
        assertThrows(IllegalArgumentException.class, () -> s.valueAt(0.75)).getMessage());
  }

  @Test
  void mergeAddsTheSecondIntoTheFirstAndLeavesTheSecond() {
    IntCountsHistogram a = of(DEFAULTS, range(1, 51));
    IntCountsHistogram b = of(DEFAULTS, range(51, 101));
    assertSame(a, DEFAULTS.merge(a, b));
    assertEquals(DEFAULTS.getResult(of(DEFAULTS, range(1, 101))), DEFAULTS.getResult(a));
    assertEquals(50, b.getTotalCount());
    assertEquals(DEFAULTS.getResult(of(DEFAULTS, range(1, 51))),
        DEFAULTS.getResult(DEFAULTS.merge(DEFAULTS.createAccumulator(), of(DEFAULTS, range(1, 51)))));
  }

  @Test
  void sessionWindowsMergeTheirHistograms() {
    List<Pane<String, PercentileSummary>> panes = new ArrayList<>();
    WindowedAggregator<String, Long, PercentileSummary> op = WindowedAggregator.<String, Long, PercentileSummary>aggregate(
        new Percentiles(PercentilesConfig.custom().quantiles(0, 0.5, 1).build()))
        .config(WindowConfig.custom().assigner(WindowAssigner.session(Duration.ofMillis(10))).build())
        .build(panes::add);
    // [0, 14) holds 10, 20, 30; [20, 34) holds 40, 50, 60; an element at 12 with 35 bridges them.
    op.processLong("k", 10, 0);
    op.processLong("k", 20, 2);
    op.processLong("k", 30, 4);
    op.processLong("k", 40, 20);
    op.processLong("k", 50, 22);
    op.processLong("k", 60, 24);
    op.processLong("k", 35, 12);
    op.advanceWatermark(Long.MAX_VALUE);
    assertEquals(1, panes.size(), panes::toString);
    PercentileSummary s = panes.get(0).value();
    assertEquals(7, s.count());
    assertEquals(10, s.valueAt(0));
    assertEquals(35, s.valueAt(0.5));
    assertEquals(60, s.valueAt(1));
  }

  @Test
  void aSummaryKeepsItsOwnListOfQuantiles() {
    List<QuantileValue> values = new ArrayList<>(List.of(new QuantileValue(0.5, 7)));
    PercentileSummary s = new PercentileSummary(1, 7, 7, values, 2);
    values.add(new QuantileValue(0.9, 8));
    assertEquals(1, s.quantiles().size());
    assertThrows(UnsupportedOperationException.class, () -> s.quantiles().add(new QuantileValue(0.9, 8)));
  }

  @Test
  void theMinimumAndMaximumAreReportedToPrecision() {
    PercentileSummary s = DEFAULTS.getResult(of(DEFAULTS, 5, 123_456, 300));
    assertEquals(5, s.min());
    assertEquals(of(DEFAULTS).highestEquivalentValue(123_456), s.max());
    assertEquals(3, s.count());
  }

  @Test
  void anEmptyHistogramReportsZeros() {
    PercentileSummary s = DEFAULTS.getResult(DEFAULTS.createAccumulator());
    assertEquals(0, s.count());
    assertEquals(0, s.valueAt(0.99));
  }

  @Test
  void badInputNamesTheParameterTheValueAndTheRange() {
    assertEquals("value must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.add(-1L, DEFAULTS.createAccumulator())).getMessage());
    assertEquals(0, DEFAULTS.add(0L, DEFAULTS.createAccumulator()).getMaxValue());
    assertThrows(NullPointerException.class, () -> DEFAULTS.add(null, DEFAULTS.createAccumulator()));
    assertEquals("quantile must be between 0.0 and 1.0, got 1.5", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().quantiles(0.5, 1.5)).getMessage());
    assertEquals("quantile must be between 0.0 and 1.0, got -0.1", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().quantiles(-0.1)).getMessage());
    assertEquals("quantile must be between 0.0 and 1.0, got NaN", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().quantiles(Double.NaN)).getMessage());
    assertEquals("quantiles must not be empty", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().quantiles()).getMessage());
    assertEquals("significantDigits must be between 0 and 5, got 6", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().significantDigits(6)).getMessage());
    assertEquals("significantDigits must be between 0 and 5, got -1", assertThrows(IllegalArgumentException.class,
        () -> PercentilesConfig.custom().significantDigits(-1)).getMessage());
    assertThrows(NullPointerException.class, () -> new Percentiles(null));
  }

  @Test
  void configDefaultsCopiesAndEquality() {
    PercentilesConfig d = PercentilesConfig.ofDefaults();
    assertArrayEquals(new double[] {0.5, 0.9, 0.99}, d.quantiles());
    assertEquals(2, d.significantDigits());
    double[] qs = {0.1, 0.2};
    PercentilesConfig c = PercentilesConfig.custom().quantiles(qs).significantDigits(3).build();
    qs[0] = 0.9;
    assertArrayEquals(new double[] {0.1, 0.2}, c.quantiles()); // copied in
    c.quantiles()[0] = 0.7;
    assertArrayEquals(new double[] {0.1, 0.2}, c.quantiles()); // copied out
    assertEquals(c, PercentilesConfig.from(c).build());
    assertEquals(c.hashCode(), PercentilesConfig.from(c).build().hashCode());
    assertNotEquals(c, PercentilesConfig.from(c).significantDigits(2).build());
    assertNotEquals(c, PercentilesConfig.from(c).quantiles(0.1).build());
    assertNotEquals(c, d);
    assertEquals("PercentilesConfig[quantiles=[0.1, 0.2], significantDigits=3]", c.toString());
    assertSame(c, new Percentiles(c).config());
  }
}
