package dev.caplab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyRecorderTest {

  private static final long MICROS = 1_000L;

  /** 1..10000 microseconds, once each: percentile p is p * 100 microseconds. */
  private static LatencyRecorder uniformMicros() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (long us = 1; us <= 10_000; us++) {
      recorder.record(us * MICROS);
    }
    return recorder;
  }

  /** HdrHistogram with 3 significant digits is within 1 part in 1000 of the true value. */
  private static void assertWithinPrecision(long expected, long actual) {
    assertEquals(expected, actual, expected / 1_000.0, () -> "expected ~" + expected + " got " + actual);
  }

  @Test
  void percentilesOfUniformData() {
    LatencyRecorder recorder = uniformMicros();
    assertEquals(10_000, recorder.count());
    assertWithinPrecision(5_000 * MICROS, recorder.p50());
    assertWithinPrecision(9_000 * MICROS, recorder.p90());
    assertWithinPrecision(9_900 * MICROS, recorder.p99());
    assertWithinPrecision(9_990 * MICROS, recorder.p999());
    assertWithinPrecision(2_500 * MICROS, recorder.percentile(25.0));
    assertWithinPrecision(10_000 * MICROS, recorder.max());
    assertEquals(1 * MICROS, recorder.min());
    assertEquals(5_000_500.0, recorder.mean(), 5_000.0);
  }

  @Test
  void percentilesAreOrdered() {
    LatencyRecorder recorder = uniformMicros();
    assertTrue(recorder.min() <= recorder.p50());
    assertTrue(recorder.p50() <= recorder.p90());
    assertTrue(recorder.p90() <= recorder.p99());
    assertTrue(recorder.p99() <= recorder.p999());
    assertTrue(recorder.p999() <= recorder.max());
    assertEquals(recorder.max(), recorder.percentile(100.0));
  }

  @Test
  void emptyRecorderReportsZeros() {
    LatencyRecorder recorder = new LatencyRecorder();
    assertEquals(0, recorder.count());
    assertEquals(0.0, recorder.mean());
    assertEquals(0, recorder.percentile(0.0));
    assertEquals(0, recorder.p50());
    assertEquals(0, recorder.p999());
    assertEquals(0, recorder.max());
    assertEquals(0, recorder.min());
    assertEquals(new LatencySummary(0, 0.0, 0, 0, 0, 0, 0), recorder.summary());
  }

  @Test
  void anyNonNegativeValueFits() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record(0);
    recorder.record(Long.MAX_VALUE);
    assertEquals(2, recorder.count());
    assertEquals(0, recorder.min());
    assertTrue(recorder.max() >= Long.MAX_VALUE / 1_000 * 999, () -> "max " + recorder.max());
  }

  @Test
  void negativeLatenciesAreRejected() {
    LatencyRecorder recorder = new LatencyRecorder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> recorder.record(-1));
    assertEquals("nanos must be >= 0, got -1", e.getMessage());
    assertEquals(0, recorder.count());
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 100.1, Double.NaN, Double.POSITIVE_INFINITY})
  void percentilesOutsideZeroToHundredAreRejected(double p) {
    LatencyRecorder recorder = uniformMicros();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> recorder.percentile(p));
    assertEquals("p must be between 0.0 and 100.0, got " + p, e.getMessage());
  }

  @Test
  void mergeAddsCountsAndLeavesTheOtherUnchanged() {
    LatencyRecorder fast = new LatencyRecorder();
    LatencyRecorder slow = new LatencyRecorder();
    for (int i = 0; i < 900; i++) {
      fast.record(1 * MICROS);
    }
    for (int i = 0; i < 100; i++) {
      slow.record(1_000 * MICROS);
    }

    fast.merge(slow);

    assertEquals(1_000, fast.count());
    assertEquals(100, slow.count());
    assertEquals(1 * MICROS, fast.p50());
    assertWithinPrecision(1_000 * MICROS, fast.p99());
  }

  @Test
  void mergingIntoItselfDoublesTheCounts() {
    LatencyRecorder recorder = uniformMicros();
    long p50 = recorder.p50();
    recorder.merge(recorder);
    assertEquals(20_000, recorder.count());
    assertEquals(p50, recorder.p50());
  }

  @Test
  void addTakesAHistogramRecordedElsewhere() {
    Histogram interval = new Histogram(3);
    interval.recordValue(42 * MICROS);
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.add(interval);
    assertEquals(1, recorder.count());
    assertWithinPrecision(42 * MICROS, recorder.p50());
  }

  @Test
  void resetForgetsEverything() {
    LatencyRecorder recorder = uniformMicros();
    recorder.reset();
    assertEquals(0, recorder.count());
    assertEquals(0, recorder.p99());
    recorder.record(7);
    assertEquals(7, recorder.max());
  }

  @Test
  void histogramIsACopy() {
    LatencyRecorder recorder = uniformMicros();
    Histogram copy = recorder.histogram();
    assertEquals(10_000, copy.getTotalCount());
    copy.recordValue(1);
    copy.reset();
    assertEquals(10_000, recorder.count());
  }

  @Test
  void summaryMatchesTheAccessorsAndIsASnapshot() {
    LatencyRecorder recorder = uniformMicros();
    LatencySummary summary = recorder.summary();
    assertEquals(
        new LatencySummary(
            recorder.count(),
            recorder.mean(),
            recorder.p50(),
            recorder.p90(),
            recorder.p99(),
            recorder.p999(),
            recorder.max()),
        summary);
    recorder.record(1);
    assertEquals(10_000, summary.count());
  }

  @Test
  void summaryReadsInHumanUnits() {
    LatencySummary summary =
        new LatencySummary(1_200, 5_000_000.0, 4_100_000, 9_800_000, 21_300_000, 40_100_000, 52_000_000);
    assertEquals("n=1200 p50=4.10ms p90=9.80ms p99=21.3ms p99.9=40.1ms max=52.0ms", summary.toString());
    assertEquals(
        "n=0 p50=0ns p90=0ns p99=0ns p99.9=0ns max=0ns", new LatencyRecorder().summary().toString());
  }

  @Test
  void summaryRejectsNegativeFigures() {
    IllegalArgumentException count =
        assertThrows(IllegalArgumentException.class, () -> new LatencySummary(-1, 0, 0, 0, 0, 0, 0));
    assertEquals("count must be >= 0, got -1", count.getMessage());
    IllegalArgumentException mean =
        assertThrows(
            IllegalArgumentException.class, () -> new LatencySummary(0, Double.NaN, 0, 0, 0, 0, 0));
    assertEquals("meanNanos must be >= 0.0, got NaN", mean.getMessage());
    IllegalArgumentException p99 =
        assertThrows(IllegalArgumentException.class, () -> new LatencySummary(0, 0, 0, 0, -3, 0, 0));
    assertEquals("p99 must be >= 0, got -3", p99.getMessage());
  }
}
