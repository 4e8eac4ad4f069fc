package dev.caplab.examples.resilience.distributedmonolith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caplab.examples.resilience.CliJson;
import dev.caplab.examples.scenario.ScenarioResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedMonolithTest {

  private static final int SEEDS = 8;
  /** Looser than the scenario's own check, so that a rare 3-sigma seed does not fail the build. */
  private static final double TEST_SIGMAS = 4.0;

  @Test
  void sameSeedSameTraceHashAndDifferentSeedsDiffer() {
    ScenarioResult a = new DistributedMonolith().run(7);
    ScenarioResult b = new DistributedMonolith().run(7);
    assertEquals(a.traceHash(), b.traceHash());
    assertEquals(a.metrics(), b.metrics());
    assertNotEquals(a.traceHash(), new DistributedMonolith().run(8).traceHash());
  }

  @Test
  void theProductOfFourAvailabilitiesIs9606() {
    assertEquals(0.9606, DistributedMonolith.expectedAvailability(Design.SYNC4), 0.00005);
    assertEquals(0.99 * 0.99 * 0.9999, DistributedMonolith.expectedAvailability(Design.SYNC2ASYNC2), 1e-12);
  }

  @Test
  void asyncIsMoreAvailableAndSync4MatchesTheProductOverSeeds() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      DistributedMonolith.Outcome o = new DistributedMonolith().execute(seed);
      String at = "seed " + seed + ": ";
      DistributedMonolith.Run sync = o.runs().get(Design.SYNC4);
      DistributedMonolith.Run async = o.runs().get(Design.SYNC2ASYNC2);
      assertTrue(async.availability() > sync.availability(),
          at + "sync2async2 " + async.availability() + " <= sync4 " + sync.availability());
      assertTrue(Math.abs(sync.availability() - sync.expectedAvailability()) <= TEST_SIGMAS * sync.sigma(),
          at + "sync4 measured " + sync.availability() + ", product " + sync.expectedAvailability()
              + ", sigma " + sync.sigma());
      assertTrue(Math.abs(async.availability() - async.expectedAvailability()) <= TEST_SIGMAS * async.sigma(),
          at + "sync2async2 measured " + async.availability() + ", product " + async.expectedAvailability());
      assertTrue(async.ledger().latency().p99() < sync.ledger().latency().p99(), at + "p99");
      assertEquals(async.ledger().eventsPublished(), async.ledger().eventsProcessed(), at + "every event done");
      assertEquals(2 * async.ledger().placed(), async.ledger().eventsPublished(), at + "two events per order");
      assertEquals(sync.ledger().orders(), async.ledger().orders(), at + "both designs see the same orders");
    }
  }

  @Test
  void jsonHasTheNumbersTheIssueNames() throws Exception {
    JsonNode o = CliJson.run(DistributedMonolith.NAME, 3);
    JsonNode m = o.get("metrics");
    for (String d : List.of("sync4", "sync2async2")) {
      for (String f : List.of("availability", "expectedAvailability", "p99Millis", "p50Millis")) {
        assertTrue(m.get(d).get(f).isNumber(), d + "." + f + ": " + m.get(d));
      }
    }
    assertEquals(0.960596, m.get("sync4").get("expectedAvailability").asDouble(), 1e-6);
    for (String c : List.of("asyncMoreAvailable", "sync4MatchesProduct", "everyEventProcessed")) {
      assertTrue(o.get("checks").get(c).get("valid").isBoolean(), c);
    }
  }

  @Test
  void textSummaryEndsWithTheTraceHashAndHowToReproduce() throws Exception {
    String hash = CliJson.run(DistributedMonolith.NAME, 5).get("traceHash").asText();
    List<String> lines = CliJson.text(DistributedMonolith.NAME, 5).lines().toList();
    assertEquals("trace hash " + hash + " (both designs combined)", lines.get(lines.size() - 2));
    assertEquals("re-run with --seed 5 to reproduce", lines.get(lines.size() - 1));
  }
}
