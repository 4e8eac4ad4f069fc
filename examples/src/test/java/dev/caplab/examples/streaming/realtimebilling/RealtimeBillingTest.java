package dev.caplab.examples.streaming.realtimebilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Check;
import dev.caplab.report.Report;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
  void everyCheckHoldsOnEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      assertEquals(4, r.checks().size(), "seed " + seed);
      for (Check c : r.checks()) {
        assertTrue(c.valid(), "seed " + seed + ": " + c);
      }
    }
  }

  @Test
  void theStreamAloneLosesTheLateUsageAndLambdaPaysForTheFixWithBatchReads() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed;
      assertTrue(count(r, "streamingOnly.gap") > 0, at);
      assertEquals(count(r, "streamingOnly.sideOutputCents"), count(r, "streamingOnly.gap"), at);
      assertTrue(count(r, "streamingOnly.sideOutputEvents") <= count(r, "lateEvents"), at);
      assertEquals(0, count(r, "lambda.gap"), at);
      assertEquals(count(r, "streamingOnly.gap"), count(r, "lambda.speedLayerGap"), at);
      assertEquals(count(r, "streamingOnly.eventsProcessed"), count(r, "lambda.speedEvents"), at);
      assertEquals(count(r, "lambda.speedEvents") + count(r, "lambda.batchEvents"), count(r, "lambda.eventsProcessed"), at);
      assertEquals(3, count(r, "lambda.batchRuns"), at + ": at 3 h, 6 h and the final run at 9 h");
      assertTrue(count(r, "lambda.batchEvents") > count(r, "lambda.speedEvents"), at + ": the batch reads the log again each run");
    }
  }

  @Test
  void kappaCountsTheLateUsageAndItsReplayCostsOneMorePassOverTheLog() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed;
      assertEquals(0, count(r, "kappa.gap"), at);
      assertEquals(0, count(r, "kappa.sideOutputEvents"), at + ": windows stay open beyond the longest offline spell");
      assertEquals(count(r, "streamingOnly.eventsProcessed"), count(r, "kappa.replayEvents"), at + ": the replay read the whole log");
      assertEquals(count(r, "kappa.firstVersionEvents") + count(r, "kappa.replayEvents"), count(r, "kappa.eventsProcessed"), at);
      assertTrue(count(r, "kappa.firstVersionEvents") < count(r, "kappa.replayEvents"), at + ": the first version stopped at the switch");
      assertTrue(count(r, "kappa.catchUp") > 0 && count(r, "kappa.catchUp") < Billing.BATCH_EVERY_MS * 1_000_000, at);
      assertTrue(count(r, "kappa.eventsProcessed") < count(r, "lambda.eventsProcessed"), at);
      assertTrue(count(r, "invoiceNewPrice") < count(r, "invoice"), at + ": the new price is a discount");
    }
  }

  @Test
  void usageArrivesInOrderNeverBeforeItIsMadeAndSomeOfItHoursLate() {
    List<Usage> usage = Meter.usage(new SplittableRandom(7), Billing.RUN_MS);
    assertTrue(usage.size() > 5_000, "requests: " + usage.size());
    for (int i = 0; i < usage.size(); i++) {
      Usage u = usage.get(i);
      assertTrue(u.arrivalMillis() > u.eventMillis() && u.arrivalMillis() < Billing.RUN_MS, u.toString());
      assertTrue(u.delayMillis() <= Meter.OFFLINE_MAX_MS + 60_000 || u.delayMillis() < Billing.KAPPA_LATENESS_MS, u.toString());
      assertTrue(i == 0 || usage.get(i - 1).arrivalMillis() <= u.arrivalMillis(), "arrival order at " + i);
    }
    assertTrue(usage.stream().anyMatch(u -> u.delayMillis() > Billing.WINDOW_MS), "some device is offline for over a window");
    assertTrue(usage.stream().allMatch(u -> u.delayMillis() < Billing.KAPPA_LATENESS_MS), "none beyond kappa's lateness");
  }

  @Test
  void theBatchSumsEachCustomersWindowAndThePricesAreWhatTheyClaim() {
    List<Usage> u = List.of(new Usage("a", 3, 0, 5), new Usage("a", 20, Billing.WINDOW_MS - 1, Billing.WINDOW_MS),
        new Usage("a", 1, Billing.WINDOW_MS, Billing.WINDOW_MS + 1), new Usage("b", 2, 10, 11),
        new Usage("b", 9, Billing.PERIOD_MS, Billing.PERIOD_MS + 1));
    Map<Cell, Long> v1 = BatchInvoice.of(u, Pricing.V1, Billing.PERIOD_MS);
    assertEquals(Map.of(new Cell("a", 0), 46L, new Cell("a", Billing.WINDOW_MS), 2L, new Cell("b", 0), 4L), v1);
    assertEquals(52, BatchInvoice.total(v1));
    assertEquals(20, Pricing.V2.cents(10));
    assertEquals(21, Pricing.V2.cents(11));
    assertEquals(30, Pricing.V2.cents(20));
    assertEquals(22, Pricing.V1.cents(11));
  }
}
