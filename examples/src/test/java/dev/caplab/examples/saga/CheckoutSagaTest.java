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


  private static dev.caplab.report.Block.TimeSeries series(Report r, String name) {
    return r.blocks().stream().filter(b -> b instanceof dev.caplab.report.Block.TimeSeries t && t.name().equals(name))
        .map(b -> (dev.caplab.report.Block.TimeSeries) b).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  private static double max(dev.caplab.report.Block.Line line) {
    return java.util.Arrays.stream(line.values()).max().orElse(0);
  }

  @Test
  void theReportChartsQueueDepthInFlightCompensatingAndRetryingAndTheJsonCarriesTheirPeaks() {
    Report r = run(1);
    Map<String, String> metricOf = Map.of("queueDepth", "peakQueueDepth", "inFlight", "peakInFlight",
        "compensating", "peakCompensating", "retryingCompensation", "peakRetryingCompensation");
    for (Map.Entry<String, String> m : metricOf.entrySet()) {
      dev.caplab.report.Block.TimeSeries t = series(r, m.getKey());
      assertEquals(VARIANTS, t.lines().stream().map(dev.caplab.report.Block.Line::label).toList(), m.getKey());
      for (dev.caplab.report.Block.Line line : t.lines()) {
        assertEquals(count(r, line.label() + "." + m.getValue()), (long) max(line), line.label() + " " + m);
      }
    }
    assertTrue(r.check("compensationsDrain").valid(), r.check("compensationsDrain").toString());
    for (String v : VARIANTS) {
      long peakInFlight = count(r, v + ".peakInFlight");
      assertTrue(peakInFlight > 0 && peakInFlight < count(r, v + ".orders"), v + " in flight " + peakInFlight);
      assertTrue(count(r, v + ".peakCompensating") <= peakInFlight, v);
      assertTrue(count(r, v + ".peakRetryingCompensation") <= count(r, v + ".peakCompensating"), v);
    }
    assertTrue(count(r, "orchestration.peakRetryingCompensation") > 0, "a crashed service's compensations retry");
    assertEquals(0, count(r, "choreography.peakRetryingCompensation"), "the choreography retries no compensation");
    assertTrue(count(r, "choreography.peakQueueDepth") > count(r, "orchestration.peakQueueDepth"),
        "a crashed service's consumer group falls behind by every event on the topic");
    String prose = TextReport.render(r).replaceAll("\\s+", " ");
    assertTrue(prose.contains("up to " + count(r, "choreography.peakQueueDepth") + " records of the log not yet"
        + " consumed"), prose);
    assertTrue(prose.contains(String.format("At most %d in orchestration and %d in allSync at once, 0 at the end",
        count(r, "orchestration.peakRetryingCompensation"), count(r, "allSync.peakRetryingCompensation"))), prose);
  }

  @Test
  void crashesPileUpLagAndRetriedCompensationsThatDrainByTheEnd() {
    for (Variant v : Variant.values()) {
      CheckoutSaga.Outcome o = CheckoutSaga.run(Simulation.withSeed(2), v, true);
      SagaSampler s = o.series();
      assertEquals(0, s.inFlight().last(), v + ": every saga terminal at the end");
      assertEquals(0, s.compensating().last(), v.key());
      assertEquals(0, s.retryingCompensation().last(), v.key());
      assertEquals(0, s.queueDepth().last(), v + ": nothing left to consume or answer");
      assertTrue(s.queueDepth().peak() > 0, v + " queue depth " + s.queueDepth().peak());
      assertTrue(s.compensating().peak() > 0, v + " compensating " + s.compensating().peak());
      assertEquals(v.orchestrated(), s.retryingCompensation().peak() > 0, v + " retrying "
          + s.retryingCompensation().peak());
    }
  }

  @Test
  void theOrchestratorsQueueHasAGapWhileItIsDownAndEveryOtherSeriesHasNone() {
    CheckoutSaga.Outcome o = CheckoutSaga.run(Simulation.withSeed(1), Variant.ORCHESTRATION, true);
    long samples = CheckoutSaga.RUN_FOR.toNanos() / CheckoutSaga.SAMPLE_EVERY.toNanos() + 1;
    assertEquals(samples, o.series().inFlight().size());
    long down = CheckoutSaga.FIRST_CRASH.plus(CheckoutSaga.CRASH_EVERY.multipliedBy(5)).toNanos();
    long up = down + CheckoutSaga.DOWN_FOR.toNanos();
    long[] times = o.series().queueDepth().line("orchestration").times();
    assertEquals(samples - CheckoutSaga.DOWN_FOR.toNanos() / CheckoutSaga.SAMPLE_EVERY.toNanos(), times.length);
    for (long t : times) {
      assertTrue(t < down || t >= up, "a sample at " + t + " while the orchestrator was down");
    }
    CheckoutSaga.Outcome chor = CheckoutSaga.run(Simulation.withSeed(1), Variant.CHOREOGRAPHY, true);
    assertEquals(samples, chor.series().queueDepth().size(), "the broker never crashes");
  }

  @Test
  void consumerLagIsTheUnconsumedRecordsSummedOverTheSixGroupsAndReadingItCreatesNoGroup() {
    dev.caplab.messaging.log.PartitionedLog<Object, Object> log = dev.caplab.messaging.log.PartitionedLog.create(
        () -> 0L);
    log.createTopic(EventService.TOPIC, 1);
    dev.caplab.messaging.log.GroupConfig groups = dev.caplab.messaging.log.GroupConfig.ofDefaults();
    assertEquals(0, SagaSampler.consumerLag(log, groups));
    for (int i = 0; i < 5; i++) {
      log.append(EventService.TOPIC, 0, "k" + i, "v" + i);
    }
    assertEquals(6 * 5, SagaSampler.consumerLag(log, groups), "no group joined: every group has all to read");
    assertTrue(log.groups().isEmpty(), "sampling must not create groups: " + log.groups());
    log.group(Service.INVENTORY.node(), EventService.TOPIC, groups).resetOffset(0, 3);
    log.group(EventService.ORDERS, EventService.TOPIC, groups).resetOffset(0, 5);
    assertEquals(2 + 0 + 4 * 5, SagaSampler.consumerLag(log, groups));
  }

  @Test
  void theLedgerCountsACompensatingSagaAndARetriedCompensationOnceUntilTheSagaIsTerminal() {
    SagaLedger ledger = new SagaLedger(false);
    ledger.placed("a", 0);
    ledger.placed("b", 0);
    ledger.placed("c", 0);
    ledger.compensating("a", "timeout");
    ledger.compensating("a", "again");
    ledger.compensationRetried("a");
    ledger.compensationRetried("a");
    assertEquals(1, ledger.compensating());
    assertEquals(1, ledger.retryingCompensation());
    assertEquals("timeout", ledger.orders().get("a").compensatedFor);
    ledger.compensating("b", "card declined");
    assertEquals(2, ledger.compensating());
    assertEquals(1, ledger.retryingCompensation());
    ledger.terminal("c", true, 1);
    assertEquals(2, ledger.compensating(), "a completed saga was not compensating");
    ledger.terminal("a", false, 2);
    ledger.terminal("a", false, 3);
    assertEquals(1, ledger.compensating());
    assertEquals(0, ledger.retryingCompensation());
    assertEquals(1, ledger.inFlight());
    ledger.compensationRetried("a");
    ledger.compensating("c", "late");
    assertEquals(0, ledger.retryingCompensation(), "a terminal saga retries nothing");
    assertEquals(1, ledger.compensating(), "a terminal saga is not compensating");
    ledger.terminal("b", false, 4);
    assertEquals(0, ledger.compensating());
    assertEquals(0, ledger.inFlight());
  }
}
