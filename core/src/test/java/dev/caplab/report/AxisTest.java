package dev.caplab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Axis} and {@link Markup}: round ticks, readable time labels, numbers and text the same everywhere. */
class AxisTest {

  private static final double MS = 1e6;

  @Test
  void aLinearAxisTicksAtOneTwoOrFiveTimesAPowerOfTen() {
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, Axis.linear(0, 10, 0, 100).ticks(5), 1e-9);
    assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, Axis.linear(0, 2.2, 0, 100).ticks(5), 1e-9);
    Axis nice = Axis.niceLinear(3, 97, 0, 100);
    assertEquals(0, nice.lo(), 1e-9);
    assertEquals(100, nice.hi(), 1e-9);
  }

  @Test
  void aLogAxisSpansWholeOneTwoFiveStepsAndFallsBackToDecadesWhenCrowded() {
    Axis a = Axis.log(130_000, 870 * MS, 0, 600);
    assertEquals(100_000, a.lo(), 1e-6);
    assertEquals(1000 * MS, a.hi(), 1e-6);
    assertEquals(0, a.at(100_000), 1e-9);
    assertEquals(600, a.at(1000 * MS), 1e-9);
    assertEquals(150, a.at(MS), 1e-9, "a quarter of the four decades");
    assertArrayEquals(new double[] {1e5, 1e6, 1e7, 1e8, 1e9}, a.ticks(), 1e-3,
        "13 ticks of 1, 2 and 5 are too many; the decades stay");
    assertArrayEquals(new double[] {2e6, 5e6, 1e7, 2e7}, Axis.log(2.1 * MS, 18 * MS, 0, 1).ticks(), 1e-3);
  }

  @Test
  void valuesOffTheAxisAreDrawnAtItsEnds() {
    Axis a = Axis.linear(10, 20, 100, 200);
    assertEquals(100, a.at(-5), 1e-9);
    assertEquals(200, a.at(1e9), 1e-9);
    assertEquals(0, Axis.log(1, 100, 0, 10).at(0), 1e-9, "zero on a log axis");
  }

  @Test
  void timeTicksCountFromTheStartWhenThreeDigitsCannotTellThemApart() {
    Axis.TimeTicks early = Axis.timeTicks(0, 3000 * MS);
    assertFalse(early.relative());
    assertEquals("0ns", early.labels()[0]);
    assertEquals("3.00s", early.labels()[early.labels().length - 1]);
    Axis.TimeTicks late = Axis.timeTicks(5000 * MS, 5010 * MS);
    assertTrue(late.relative(), "5.00s, 5.00s, 5.00s... would say nothing");
    assertEquals("+0ns", late.labels()[0]);
    assertEquals("+10.0ms", late.labels()[late.labels().length - 1]);
    assertEquals(5010 * MS, late.values()[late.values().length - 1], 1e-3);
  }

  @Test
  void valueLabelsSpeakTheSeriesUnit() {
    assertEquals("25%", Charts.valueLabel(Unit.RATIO, 0.25, 0.05));
    assertEquals("2.5%", Charts.valueLabel(Unit.RATIO, 0.025, 0.005));
    assertEquals("4.10ms", Charts.valueLabel(Unit.NANOSECONDS, 4.1 * MS, MS));
    assertEquals("1.5 kB", Charts.valueLabel(Unit.BYTES, 1500, 500));
    assertEquals("40k", Charts.valueLabel(Unit.COUNT, 40_000, 10_000));
    assertEquals("2.5M", Charts.valueLabel(Unit.COUNT, 2_500_000, 500_000));
    assertEquals("0.25", Charts.valueLabel(Unit.COUNT, 0.25, 0.05));
  }

  @Test
  void numbersAreRoundedTheSameWayInEveryLocale() {
    assertEquals("12", Markup.num(12.04));
    assertEquals("-3.5", Markup.num(-3.46));
    assertEquals("0", Markup.num(-0.04), "never -0");
    assertEquals("1234.6", Markup.num(1234.56));
    assertEquals("0.125", Markup.num(0.125, 3));
    assertEquals("7", Markup.num(6.5, 0));
    assertEquals("100,000", Markup.count(100_000));
  }

  @Test
  void anchorsAreUniqueAndPlain() {
    Markup.Anchors a = new Markup.Anchors();
    assertEquals("table-a-b", a.next("table", "a b"));
    assertEquals("table-a-b-2", a.next("table", "a<b"));
    assertEquals("table-x_1", a.next("table", "x_1"));
  }
}
