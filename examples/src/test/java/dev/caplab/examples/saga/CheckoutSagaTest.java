package dev.caplab.examples.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The checkout-saga findings, read from the report as a program would, over fixed seeds and a
 * random one that prints itself: every saga terminal, none half-done, nothing lost, and the
 * follow-ups run synchronously cost orders.
 */
class CheckoutSagaTest {

  private static final List<String> VARIANTS = List.of("orchestration", "allSync", "choreography");
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new CheckoutSaga(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static void assertTheGuarantee(Report r, String at) {
    for (String check : List.of("everySagaTerminal", "noHalfDone", "noMessageLost", "asyncFollowUpsLoseFewerOrders")) {
      assertTrue(r.check(check).valid(), at + check + ": " + r.check(check));
    }
    long orders = count(r, "orchestration.orders");
    assertTrue(orders > 500, at + "orders " + orders);
    for (String v : VARIANTS) {
      assertEquals(orders, count(r, v + ".orders"), at + v + " sees the same orders");
      assertEquals(orders, count(r, v + ".accepted"), at + v);
      assertEquals(0, count(r, v + ".stuck"), at + v);
      assertEquals(0, count(r, v + ".halfDone"), at + v);
      assertEquals(0, count(r, v + ".doubleCompensations"), at + v);
      assertEquals(0, count(r, v + ".followUpsMissing"), at + v);
      assertEquals(orders, count(r, v + ".completed") + count(r, v + ".compensated"), at + v);
      assertEquals(orders, count(r, v + ".terminalLatency.count"), at + v);
      assertEquals(orders, count(r, v + ".answerLatency.count"), at + v);
    }
    assertEquals(0, count(r, "choreography.compensatedByTimeout"), at + "no timeouts in the choreography");
    assertTrue(count(r, "orchestration.completed") > orders / 2, at + "orchestration completes most orders");
    assertTrue(count(r, "choreography.completed") > count(r, "orchestration.completed"),
        at + "the choreography fails no order to a crash");
    assertTrue(count(r, "allSync.compensatedByTimeout") > count(r, "orchestration.compensatedByTimeout"), at);
    assertTrue(count(r, "allSync.completed") < count(r, "orchestration.completed"), at + "allSync loses orders");
    assertTrue(count(r, "orchestration.answerLatency.p50") < count(r, "allSync.answerLatency.p50"),
        at + "the customer waits for two steps, not five");
    assertTrue(count(r, "choreography.messages") > count(r, "orchestration.messages"), at + "polling costs messages");
  }

  @Test
  void theGuaranteeAndTheLessonHoldOverFixedSeeds() {
    for (long seed = 1; seed <= 3; seed++) {
      assertTheGuarantee(run(seed), "seed " + seed + ": ");
    }
  }

  @Test
  void theGuaranteeHoldsForARandomSeed() {
    long seed = new SplittableRandom().nextLong();
    assertTheGuarantee(ScenarioRunner.run(new CheckoutSaga(), seed).report(), "failing seed " + seed + ": ");
  }

  @Test
  void anOrchestratorWithoutDurableProgressLeavesSagasStuckAndHalfDone() {
    CheckoutSaga.Outcome o = CheckoutSaga.run(Simulation.withSeed(1), Variant.ORCHESTRATION, false);
    assertTrue(o.stuck() > 0, "stuck " + o.stuck());
    assertTrue(o.halfDone() > 0, "half-done " + o.halfDone());
  }

  @Test
  void theTextTeachesTheLessonWithTheMeasuredNumbers() {
    Report r = run(1);
    String prose = TextReport.render(r).replaceAll("\\s+", " ");
    assertTrue(prose.contains(String.format("allSync compensated %d orders because a step timed out, orchestration %d.",
        count(r, "allSync.compensatedByTimeout"), count(r, "orchestration.compensatedByTimeout"))), prose);
    assertTrue(prose.contains("the customer's answer stayed fast (p99 "
        + Durations.human(count(r, "orchestration.answerLatency.p99")) + ", allSync "
        + Durations.human(count(r, "allSync.answerLatency.p99")) + ")"), prose);
    assertTrue(prose.contains("messages: " + count(r, "choreography.messages") + " for "
        + count(r, "choreography.orders") + " orders"), prose);
    assertTrue(prose.contains("0 stuck and 0 half-done"), prose);
  }

  @Test
  void theReportHasATimeSeriesOfSagasInFlightAndATablePerDesign() {
    Report r = run(1);
    assertTrue(r.blocks().stream().anyMatch(b -> b instanceof dev.caplab.report.Block.TimeSeries t
        && t.name().equals("inFlight") && t.lines().size() == 3));
    dev.caplab.report.Block.Table table = r.blocks().stream()
        .filter(b -> b instanceof dev.caplab.report.Block.Table).map(b -> (dev.caplab.report.Block.Table) b)
        .findFirst().orElseThrow();
    assertEquals(3, table.rows().size());
    assertEquals(Unit.NANOSECONDS, r.metric("orchestration.terminalLatency.p99").unit());
    assertEquals("orchestration, allSync, choreography", r.header().variant());
  }

  @Test
  void theOrchestratorCountsItsSagasAcrossItsCrashInTheNodesMeters() {
    Simulation sim = Simulation.withSeed(1);
    CheckoutSaga.Outcome o = CheckoutSaga.run(sim, Variant.ORCHESTRATION, true);
    io.micrometer.core.instrument.MeterRegistry registry = o.cluster().metrics();
    double completed = registry.get("caplab.saga.completed").tag("node", "orchestrator").counter().count();
    double compensated = registry.get("caplab.saga.compensated").tag("node", "orchestrator").counter().count();
    assertEquals(o.completed(), (long) completed);
    assertEquals(o.compensated(), (long) compensated);
    assertEquals(o.placed(), (long) registry.get("caplab.saga.started").counter().count());
  }

  @Test
  void everyServiceAndTheOrchestratorCrashInTurn() {
    assertEquals(List.of("inventory", "payment", "email", "recommendations", "warehouse", "orchestrator"),
        CheckoutSaga.victims(Variant.ORCHESTRATION));
    assertEquals("orders", CheckoutSaga.victims(Variant.CHOREOGRAPHY).get(5));
  }

}
