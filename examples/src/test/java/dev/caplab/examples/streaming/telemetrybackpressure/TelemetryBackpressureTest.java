package dev.caplab.examples.streaming.telemetrybackpressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The telemetry-backpressure findings over several seeds, read from the report as a program would. */
class TelemetryBackpressureTest {

  private static final int SEEDS = 3;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new TelemetryBackpressure(), s).report());
  }

  private static long count(Report r, String name) {
    return ((Number) r.metric(name).value()).longValue();
  }

  @Test
  void backpressureLosesNothingAndKeepsTheBacklogInTheLog() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(count(r, "backpressure.produced"), count(r, "backpressure.stored"), at);
      assertEquals(0, count(r, "backpressure.dropped"), at);
      assertTrue(count(r, "backpressure.peakInMemory") <= 2 * TelemetryBackpressure.BUFFER_CAPACITY + 1, at);
      assertTrue(count(r, "backpressure.peakLag") > 50_000, at + "the backlog waits in the log");
      assertTrue(r.metric("backpressure.backToNormalAfter").value() != null, at + "never drained");
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  @Test
  void sheddingDropsDebugFirstAndUnboundedBuffersHoldTheBacklogInMemory() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(count(r, "shed.produced"), count(r, "shed.stored") + count(r, "shed.dropped"), at);
      assertTrue(count(r, "shed.droppedDebug") > count(r, "shed.droppedMetric"), at);
      assertEquals(0, count(r, "shed.droppedAlarm"), at + "alarms arrive slower than the store takes them");
      assertTrue(count(r, "shed.peakInMemory") <= 2 * TelemetryBackpressure.BUFFER_CAPACITY + 1, at);
      assertTrue(count(r, "shed.delayP99") < count(r, "backpressure.delayP99") / 10, at + "shedding keeps data fresh");
      assertEquals(count(r, "unbounded.produced"), count(r, "unbounded.stored"), at);
      assertTrue(count(r, "unbounded.peakInMemory") > 50_000, at + "the backlog moves into memory");
      assertTrue(count(r, "unbounded.peakLag") < 1_000, at);
      assertTrue(count(r, "unbounded.longestCheckpoint") > 10 * count(r, "backpressure.longestCheckpoint"),
          at + "a barrier queues behind the in-memory backlog");
    }
  }

  @Test
  void printsTheReport() {
    System.out.println(TextReport.render(run(1)));
  }
}
