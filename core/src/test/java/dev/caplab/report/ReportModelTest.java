package dev.caplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.metrics.LatencyRecorder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report model's rules: units check their values, names are unique, renderings agree. */
class ReportModelTest {

  private static Header header() {
    return new Header("demo", "Does it work?", "a, b", 7, "0123456789abcdef", 5_000_000_000L, "caplab run demo --seed 7");
  }

  @Test
  void unitsAcceptTheirBaseFormOnlyAndFormatForPeople() {
    assertEquals(5L, Unit.COUNT.require("n", 5));
    assertEquals(0.25, Unit.RATIO.require("r", 0.25f));
    assertEquals(null, Unit.NANOSECONDS.require("t", null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Unit.NANOSECONDS.require("t", 1.5));
    assertEquals("t is measured in ns and must be a whole number (Long), got 1.5 (Double)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Unit.RATIO.require("r", 1L));
    assertThrows(IllegalArgumentException.class, () -> Unit.RATIO.require("r", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Unit.BOOLEAN.require("b", "yes"));
    assertThrows(IllegalArgumentException.class, () -> Unit.TEXT.require("s", 3));
    assertEquals("4.10ms", Unit.NANOSECONDS.format(4_100_000L));
    assertEquals("-2.00s", Unit.NANOSECONDS.format(-2_000_000_000L));
    assertEquals("12.5%", Unit.RATIO.format(0.125));
    assertEquals("999 B", Unit.BYTES.format(999L));
    assertEquals("1.5 kB", Unit.BYTES.format(1_500L));
    assertEquals("2.0 MB", Unit.BYTES.format(2_000_000L));
    assertEquals("yes", Unit.BOOLEAN.format(true));
    assertEquals("-", Unit.COUNT.format(null));
  }

  @Test
  void metricNamesAreDottedCamelCaseWithoutUnitsAndUnique() {
    assertThrows(IllegalArgumentException.class, () -> Metric.count("Calls", 1));
    assertThrows(IllegalArgumentException.class, () -> Metric.count("calls..x", 1));
    assertThrows(IllegalArgumentException.class, () -> Metric.count("calls-x", 1));
    Report.Builder b = Report.builder(header()).metric(Metric.count("a.b", 1));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> Report.builder(header()).metric(Metric.count("a", 1)).metric(Metric.count("a", 2)).build());
    assertTrue(dup.getMessage().contains("'a' appears twice"), dup.getMessage());
    IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
        () -> b.metric(Metric.count("a", 2)).build());
    assertTrue(group.getMessage().contains("'a' is also a group"), group.getMessage());
  }

  @Test
  void checksAndHeadersRefuseBadValues() {
    assertThrows(IllegalArgumentException.class, () -> Check.of("Converged", true, "x"));
    assertThrows(IllegalArgumentException.class, () -> Check.of("ok", true, "x", Metric.flag("valid", true)));
    assertThrows(IllegalArgumentException.class,
        () -> new Header("s", "q", "", 1, "XYZ", 0, "c"));
    assertThrows(IllegalArgumentException.class,
        () -> new Header("s", "q", "", 1, "0123456789abcdef", -1, "c"));
    assertThrows(IllegalArgumentException.class, () -> Report.builder(header())
        .check(Check.of("ok", true, "x")).check(Check.of("ok", false, "y")).build());
  }

  @Test
  void tablesCheckEveryCellAgainstItsColumn() {
    Block.Column name = new Block.Column("strategy", Unit.TEXT);
    Block.Column time = new Block.Column("done after", Unit.NANOSECONDS);
    Block.Table t = Block.Table.builder("t", "", name, time).row("none", 14_600_000_000L).row("full", null).build();
    assertEquals(2, t.rows().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Block.Table.builder("t", "", name, time).row("none", 1.5).build());
    assertTrue(e.getMessage().startsWith("t.done after is measured in ns"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Block.Table.builder("t", "", name, time).row("x").build());
  }

  @Test
  void aCurveIsTheCumulativeDistributionOfItsRecorder() {
    LatencyRecorder r = new LatencyRecorder();
    for (long v = 1; v <= 1000; v++) {
      r.record(v * 1_000);
    }
    Block.Curve c = Block.Curve.of("x", r);
    double[] f = c.fractions();
    long[] v = c.values();
    assertTrue(v.length <= Block.Curve.MAX_POINTS && v.length > 10, "points: " + v.length);
    assertEquals(1.0, f[f.length - 1], 1e-12, "the last point holds every sample");
    for (int i = 1; i < f.length; i++) {
      assertTrue(f[i] > f[i - 1] && v[i] > v[i - 1], "increasing at " + i);
    }
    assertEquals(1000, c.summary().count());
    Block.Curve empty = Block.Curve.of("none", new LatencyRecorder());
    assertEquals(0, empty.values().length);
  }

  @Test
  void jsonNestsMetricsByTheirDotsAndNamesEveryUnitByItsPath() {
    Report r = Report.builder(header())
        .metric(Metric.count("none.calls", 1492))
        .metric(Metric.nanos("none.completion", 14_647_264_000L))
        .metric(Metric.ratio("stale", 0.125))
        .metric(new Metric("recovery", Unit.NANOSECONDS, null))
        .check(Check.of("converged", true, "every node ends with the same state", Metric.nanos("after", 44_900_000L)))
        .build();
    assertEquals("{\"scenario\":\"demo\",\"seed\":7,\"traceHash\":\"0123456789abcdef\",\"simulatedNanos\":5000000000,"
        + "\"question\":\"Does it work?\",\"variant\":\"a, b\","
        + "\"metrics\":{\"none\":{\"calls\":1492,\"completion\":14647264000},\"stale\":0.125,\"recovery\":null},"
        + "\"checks\":{\"converged\":{\"valid\":true,\"statement\":\"every node ends with the same state\","
        + "\"after\":44900000}},"
        + "\"units\":{\"metrics.none.calls\":\"count\",\"metrics.none.completion\":\"ns\",\"metrics.stale\":\"ratio\","
        + "\"metrics.recovery\":\"ns\",\"checks.converged.after\":\"ns\"}}", JsonReport.render(r));
  }

  @Test
  void textPutsTheBodyBetweenTheHeaderAndTheWayToReproduceIt() {
    Report r = Report.builder(header())
        .paragraph("A paragraph long enough to need wrapping because it goes on and on, well past eighty"
            + " columns of text.")
        .heading("What happened")
        .bullets(List.of("first finding", "second finding"))
        .add(Block.Table.builder("t", "Strategies", new Block.Column("", Unit.TEXT),
            new Block.Column("calls", Unit.COUNT), new Block.Column("stale", Unit.RATIO)).row("none", 1492L, 0.5).build())
        .check(Check.of("converged", false, "every node ends with the same state"))
        .build();
    assertEquals(String.join("\n",
        "demo (seed 7)",
        "",
        "Does it work?",
        "",
        "A paragraph long enough to need wrapping because it goes on and on, well past",
        "eighty columns of text.",
        "",
        "What happened",
        "- first finding",
        "- second finding",
        "",
        "Strategies",
        "        calls  stale",
        "  none   1492  50.0%",
        "",
        "Checks",
        "- converged: FAILS - every node ends with the same state",
        "",
        "trace hash 0123456789abcdef",
        "re-run with --seed 7 to reproduce",
        ""), TextReport.render(r));
  }

  @Test
  void csvQuotesWhatNeedsIt() {
    Block.Table t = Block.Table.builder("t", "", new Block.Column("name, first", Unit.TEXT),
        new Block.Column("t", Unit.NANOSECONDS)).row("a \"b\"", 5L).row("c", null).build();
    assertEquals("\"name, first\",t\n\"a \"\"b\"\"\",5\nc,\n", CsvReport.render(t));
  }

  @Test
  void jsonRefusesWhatItCannotWrite() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    assertEquals("[1,\"a\\\"b\",null,true,2.5]", Json.write(Arrays.asList(1, "a\"b", null, true, 2.5)));
  }
}
