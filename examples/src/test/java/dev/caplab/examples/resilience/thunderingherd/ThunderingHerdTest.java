package dev.caplab.examples.resilience.thunderingherd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caplab.examples.resilience.CliJson;
import dev.caplab.examples.scenario.ScenarioResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThunderingHerdTest {

  private static final int SEEDS = 20;

  @Test
  void sameSeedSameTraceHashAndDifferentSeedsDiffer() {
    ScenarioResult a = new ThunderingHerd().run(7);
    ScenarioResult b = new ThunderingHerd().run(7);
    assertEquals(a.traceHash(), b.traceHash());
    assertEquals(a.metrics(), b.metrics());
    assertEquals(a.summary(), b.summary());
    assertNotEquals(a.traceHash(), new ThunderingHerd().run(8).traceHash());
  }

  /** The issue's correctness evidence: over many seeds every jitter strategy needs fewer calls. */
  @Test
  void everyJitterStrategyNeedsFewerCallsThanNoJitterOverManySeeds() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      ThunderingHerd.Contention none = ThunderingHerd.contend(seed, Strategy.NONE);
      for (Strategy s : Strategy.values()) {
        ThunderingHerd.Contention c = ThunderingHerd.contend(seed, s);
        assertEquals(ThunderingHerd.CALLERS, c.succeeded() + c.gaveUp(),
            "seed " + seed + ", " + s.key() + ": every caller commits or gives up");
        assertEquals(c.succeeded(), c.commits(), "seed " + seed + ", " + s.key() + ": one commit per success");
        if (s != Strategy.NONE) {
          assertTrue(c.totalCalls() < none.totalCalls(), "seed " + seed + ": " + s.key() + " needed "
              + c.totalCalls() + " calls, no jitter " + none.totalCalls());
        }
      }
    }
  }

  @Test
  void withoutABudgetEveryCallerCommitsAndJitterFinishesSooner() {
    for (long seed = 1; seed <= 5; seed++) {
      ThunderingHerd.Contention none = ThunderingHerd.contend(seed, Strategy.NONE);
      ThunderingHerd.Contention full = ThunderingHerd.contend(seed, Strategy.FULL);
      assertEquals(ThunderingHerd.CALLERS, full.succeeded(), "seed " + seed);
      assertTrue(full.completionNanos() < none.completionNanos(), "seed " + seed + ": full " + full
          + ", none " + none);
    }
  }

  @Test
  void onlyTheBudgetLetsTheCrashedServiceRecover() {
    for (long seed = 1; seed <= 3; seed++) {
      ThunderingHerd.Outcome o = new ThunderingHerd().execute(seed);
      String at = "seed " + seed + ": ";
      ThunderingHerd.Recovery budget = o.recovery().get(RecoveryPolicy.BUDGET);
      assertTrue(budget.recovered(), at + budget);
      assertTrue(o.result().checks().get("budgetRecovers").valid(), at);
      for (RecoveryPolicy p : List.of(RecoveryPolicy.SYNCHRONIZED, RecoveryPolicy.JITTERED)) {
        ThunderingHerd.Recovery r = o.recovery().get(p);
        assertFalse(r.recovered(), at + p.key() + " recovered: " + r);
        assertTrue(r.attempts() > 3 * budget.attempts(), at + p.key() + " amplifies the load: " + r);
        assertTrue(r.lateReplies() > 0, at + p.key() + " wastes work: " + r);
      }
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        ThunderingHerd.Recovery r = o.recovery().get(p);
        assertEquals(r.requests(), r.succeeded() + r.failed(), at + p.key() + ": every request ends");
      }
    }
  }

  @Test
  void jsonHasTheNumbersTheIssueNames() throws Exception {
    JsonNode o = CliJson.run(ThunderingHerd.NAME, 3);
    JsonNode m = o.get("metrics");
    for (String s : List.of("none", "full", "equal", "decorrelated", "fullBudget")) {
      assertTrue(m.get(s).get("totalCalls").isIntegralNumber(), s + ": " + m.get(s));
      assertTrue(m.get(s).get("completionMillis").isNumber(), s + ": " + m.get(s));
      assertTrue(m.get(s).get("gaveUp").isIntegralNumber(), s + ": " + m.get(s));
    }
    for (String p : List.of("synchronized", "jittered", "budget")) {
      JsonNode r = m.get("recovery").get(p);
      assertTrue(r.get("recovered").isBoolean(), p + ": " + r);
      assertTrue(r.has("recoveryMillis"), p + ": " + r);
      assertTrue(r.get("rejected").isIntegralNumber(), p + ": " + r);
    }
    JsonNode check = o.get("checks").get("jitterBeatsNoJitter");
    assertTrue(check.get("valid").asBoolean(), check.toString());
    assertTrue(o.get("checks").get("budgetRecovers").get("valid").asBoolean());
  }

  @Test
  void textSummaryEndsWithTheTraceHashAndHowToReproduce() throws Exception {
    String hash = CliJson.run(ThunderingHerd.NAME, 5).get("traceHash").asText();
    List<String> lines = CliJson.text(ThunderingHerd.NAME, 5).lines().toList();
    assertEquals("trace hash " + hash + " (all runs combined)", lines.get(lines.size() - 2));
    assertEquals("re-run with --seed 5 to reproduce", lines.get(lines.size() - 1));
  }
}
