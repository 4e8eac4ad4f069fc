package dev.caplab.examples.messaging.primeday;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The prime-day findings over several seeds, read from the report as a program would. */
class PrimeDayOrdersTest {

  private static final int SEEDS = 3;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new PrimeDayOrders(), s).report());
  }

  private static long value(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  @Test
  void theQueueAbsorbsTheSpikeAndTheLagScaledFleetDrainsItSooner() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(r.allChecksValid(), at + r.checks());
      for (String v : new String[] {"lagScaled", "cpuScaled"}) {
        assertEquals(value(r, v + ".orders"), value(r, v + ".accepted"), at + v);
        assertEquals(0, value(r, v + ".missing"), at + v);
        assertEquals(value(r, v + ".accepted"), value(r, v + ".processed") + value(r, v + ".deadLettered"), at + v);
        assertTrue(value(r, v + ".peakAcceptedPerSecond") > 250, at + v + ": the spike reached the broker");
        assertTrue(value(r, v + ".peakWaiting") > 1000, at + v + ": a backlog built up");
        assertTrue(value(r, v + ".deadLettered") > 0, at + v);
      }
      assertEquals(value(r, "lagScaled.orders"), value(r, "cpuScaled.orders"), at + "both meet the same orders");
      assertTrue(value(r, "lagScaled.spikeDrainedAt") < value(r, "cpuScaled.spikeDrainedAt"), at);
      assertTrue(value(r, "lagScaled.peakWaiting") < value(r, "cpuScaled.peakWaiting"), at);
      assertTrue(value(r, "lagScaled.peakAgeOfOldest") < value(r, "cpuScaled.peakAgeOfOldest"), at);
      assertEquals(PrimeDayOrders.MAX_WORKERS, value(r, "lagScaled.peakWorkers"), at);
    }
  }

  @Test
  void theArrivalsHaveTheirSpike() {
    long[] a = PrimeDayOrders.arrivals(new SplittableRandom(5));
    long inSpike = 0;
    for (int i = 0; i < a.length; i++) {
      assertTrue(i == 0 || a[i] > a[i - 1], "ascending");
      if (a[i] >= PrimeDayOrders.SPIKE_AT.toNanos() && a[i] < PrimeDayOrders.SPIKE_END.toNanos()) {
        inSpike++;
      }
    }
    assertTrue(a[a.length - 1] < PrimeDayOrders.ORDERS_UNTIL.toNanos());
    assertTrue(Math.abs(inSpike - 9_000) < 450, "about 300/s for 30 s: " + inSpike);
    assertTrue(Math.abs(a.length - inSpike - 1_800) < 200, "about 30/s for 60 s: " + (a.length - inSpike));
  }

  @Test
  void theLedgerCountsFirstProcessingsAndTheAgeOfTheOldestWaitingOrder() {
    OrderLedger l = new OrderLedger(PrimeDayOrders.MALFORMED_EVERY + 1);
    assertEquals("order-499:corrupt", l.body(499));
    assertTrue(OrderLedger.isMalformed(l.body(499)));
    assertFalse(OrderLedger.isMalformed(l.body(498)));
    assertEquals(499, OrderLedger.orderOf(l.body(499)));
    l.accepted(0, 10);
    l.accepted(1, 20);
    l.accepted(1, 25);
    l.accepted(499, 5);
    assertEquals(3, l.accepted());
    assertEquals(90, l.ageOfOldest(100), "order 0 waits since 10; the malformed 499 does not count");
    l.processed("order-0", 50);
    assertEquals(80, l.ageOfOldest(100));
    l.processed("order-0", 60);
    assertEquals(1, l.duplicates());
    l.processed("order-1", 70);
    assertEquals(0, l.ageOfOldest(100));
    assertEquals(2, l.processed());
    assertEquals(50, l.latency().max(), 1);
  }

  @Test
  void theFleetLaunchesIdleWorkersAndRetiresTheNewest() {
    Fleet f = new Fleet(4, 2);
    assertEquals(2, f.inService());
    assertEquals(2, f.launch());
    assertEquals(3, f.desiredSoFar());
    assertEquals(2, f.inService());
    f.booted(2);
    assertTrue(f.inService(2));
    assertTrue(f.retire());
    assertFalse(f.inService(2));
    assertEquals(2, f.inService());
    f.busy(0, 5);
    f.busy(3, 7);
    assertEquals(12, f.busyNanos());
  }

  @Test
  void theTextSaysWhichPolicyDrainedSooner() {
    String prose = TextReport.render(run(1)).replaceAll("\\s+", " ");
    assertTrue(prose.contains("Scaling on the queue drained the spike 20.4s sooner."), prose);
    assertTrue(prose.contains("the spike's orders were all processed 11.4s after the spike ended"), prose);
  }
}
