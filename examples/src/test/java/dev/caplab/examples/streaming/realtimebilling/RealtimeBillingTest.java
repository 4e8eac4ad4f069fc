package dev.caplab.examples.streaming.realtimebilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Check;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The realtime-billing findings over several seeds, read from the report as a program would. */
class RealtimeBillingTest {

  private static final int SEEDS = 3;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new RealtimeBilling(), s).report());
  }

  private static long count(Report r, String name) {
    return ((Number) r.metric(name).value()).longValue();
  }

  @Test
  void print() {
    System.out.println(TextReport.render(run(1)));
  }

  @Test
  void everyCheckHoldsOnEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      assertEquals(4, r.checks().size(), "seed " + seed);
      for (Check c : r.checks()) {
        assertTrue(c.valid(), "seed " + seed + ": " + c);
      }
    }
  }
}
