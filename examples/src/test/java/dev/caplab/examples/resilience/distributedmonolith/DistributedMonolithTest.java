package dev.caplab.examples.resilience.distributedmonolith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The distributed-monolith findings over several seeds, read from the report as a program would. */
class DistributedMonolithTest {

  private static final int SEEDS = 8;
  /** Looser than the scenario's own check, so that a rare 3-sigma seed does not fail the build. */
  private static final double TEST_SIGMAS = 4.0;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new DistributedMonolith(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static double ratio(Report r, String name) {
    return (Double) r.metric(name).value();
  }

  @Test
  void theProductOfFourAvailabilitiesIs9606() {
    assertEquals(0.9606, DistributedMonolith.expectedAvailability(Design.SYNC4), 0.00005);
    assertEquals(0.99 * 0.99 * 0.9999, DistributedMonolith.expectedAvailability(Design.SYNC2ASYNC2), 1e-12);
  }

  @Test
  void asyncIsMoreAvailableAndBothMatchTheProductOverSeeds() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(ratio(r, "sync2async2.availability") > ratio(r, "sync4.availability"), at + "availability");
      for (String d : List.of("sync4", "sync2async2")) {
        double p = ratio(r, d + ".expectedAvailability");
        double sigma = Math.sqrt(p * (1 - p) / count(r, d + ".orders"));
        double measured = ratio(r, d + ".availability");
        assertTrue(Math.abs(measured - p) <= TEST_SIGMAS * sigma, at + d + " measured " + measured + ", product " + p
            + ", sigma " + sigma);
        assertEquals((double) count(r, d + ".placed") / count(r, d + ".orders"), measured, 1e-12, at + d);
      }
      assertTrue(count(r, "sync2async2.latency.p99") < count(r, "sync4.latency.p99"), at + "p99");
      assertEquals(count(r, "sync2async2.eventsPublished"), count(r, "sync2async2.eventsProcessed"),
          at + "every event done");
      assertEquals(2 * count(r, "sync2async2.placed"), count(r, "sync2async2.eventsPublished"),
          at + "two events per order");
      assertEquals(count(r, "sync4.orders"), count(r, "sync2async2.orders"), at + "both designs see the same orders");
      assertTrue(r.check("asyncMoreAvailable").valid(), at);
      assertTrue(r.check("everyEventProcessed").valid(), at);
    }
  }

  @Test
  void everyFailedOrderHasOneCauseAndOnlyTheSynchronousServicesFailOrders() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      for (String d : List.of("sync4", "sync2async2")) {
        String at = "seed " + seed + ", " + d + ": ";
        long failed = 0;
        for (String cause : DistributedMonolith.FAILURE_CAUSES) {
          failed += count(r, d + ".failedAt." + cause);
        }
        assertEquals(count(r, d + ".orders") - count(r, d + ".placed"), failed, at + "failures by cause add up");
        assertEquals(count(r, d + ".orders"), count(r, d + ".latency.count"), at + "every order answered");
      }
      assertEquals(0, count(r, "sync2async2.failedAt.shipping"), "seed " + seed);
      assertEquals(0, count(r, "sync2async2.failedAt.email"), "seed " + seed);
      assertEquals(0, count(r, "sync4.failedAt.queue"), "seed " + seed);
    }
  }

  @Test
  void availabilitiesAreFractionsAndLatenciesNanoseconds() {
    Report r = run(3);
    assertEquals("sync4, sync2async2", r.header().variant());
    assertEquals(0.96059601, ratio(r, "sync4.expectedAvailability"), 1e-15);
    for (String d : List.of("sync4", "sync2async2")) {
      assertEquals(Unit.RATIO, r.metric(d + ".availability").unit(), d);
      assertEquals(Unit.NANOSECONDS, r.metric(d + ".latency.p50").unit(), d);
      assertEquals(Unit.NANOSECONDS, r.metric(d + ".latency.p99").unit(), d);
    }
    assertEquals(Unit.NANOSECONDS, r.metric("sync2async2.eventLag.p99").unit());
    assertEquals(Unit.RATIO, r.check("sync4MatchesProduct").evidence().get(2).unit());
  }

  @Test
  void theTextComparesTheMeasurementWithTheProductLaw() {
    String prose = TextReport.render(run(1)).replaceAll("\\s+", " ");
    assertTrue(prose.contains("- sync4 placed 96.32% of the orders. The product of its four availabilities predicts"
        + " 96.06% (0.99^4): the measurement agrees within sampling error (+-0.92%)."), prose);
    assertTrue(prose.contains("- sync2async2 placed 98.05% (predicted 98.00%)"), prose);
    assertTrue(prose.contains("sync4 waits for the sum of four services (p99 506ms), sync2async2 for two and the"
        + " queue (p99 128ms)."), prose);
  }

  @Test
  void theDiagramShowsTheEventDrivenCheckoutWithTheOrdersAsBars() {
    Report r = run(1);
    SpaceTime d = r.blocks().stream().filter(b -> b instanceof SpaceTime).map(b -> (SpaceTime) b).findFirst()
        .orElseThrow();
    assertEquals(List.of("customers", "checkout", "payment", "inventory", "shipping", "email", "queue", "worker"),
        d.nodes());
    assertTrue(d.messages().stream().anyMatch(m -> d.nodes().get(m.to()).equals("queue")), "events go to the queue");
    assertTrue(d.messages().stream().noneMatch(m -> d.nodes().get(m.from()).equals("checkout")
        && d.nodes().get(m.to()).equals("shipping")), "the checkout never calls shipping itself");
    assertTrue(d.operations().size() > 20 && d.operations().stream().allMatch(o -> o.node() == 0),
        "orders on the customers' line: " + d.operations().size());
  }
}
