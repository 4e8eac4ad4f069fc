package dev.caplab.examples.celebrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The celebrity-hot-key findings over several seeds, read from the report as a program would. */
class CelebrityHotKeyTest {

  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new CelebrityHotKey(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  @Test
  void printsItsReport() {
    System.out.println(TextReport.render(run(1)));
  }

  @Test
  void theVariantsAreTheStrategies() {
    assertEquals("none, shards2, shards4, shards8, shards16, shards32, shards64, adaptive, writeBack",
        run(1).header().variant());
  }
}
