package dev.caplab.examples.quorumtour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumTourTest {

  @Test
  void isRegistered() {
    assertTrue(Scenarios.builtIn().get("quorum-tour") instanceof QuorumTour);
  }

  @Test
  void sameSeedSameRunDifferentSeedDifferentRun() {
    ScenarioResult a = new QuorumTour().run(5);
    ScenarioResult b = new QuorumTour().run(5);
    assertEquals(a.traceHash(), b.traceHash());
    assertEquals(a.metrics(), b.metrics());
    assertEquals(a.summary(), b.summary());
    assertNotEquals(a.traceHash(), new QuorumTour().run(6).traceHash());
  }

  @Test
  void theClaimsHoldOnSeveralSeeds() {
    for (long seed = 1; seed <= 4; seed++) {
      ScenarioResult r = new QuorumTour().run(seed);
      long s = seed;
      r.checks().forEach((name, c) -> assertTrue(c.valid(), "seed " + s + ": check " + name + " " + c.details()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void metricsPerLevelHaveTheDocumentedFields() {
    ScenarioResult r = new QuorumTour().run(1);
    assertEquals(List.of("one", "quorum", "all"), List.copyOf(r.metrics().keySet()));
    for (Object level : r.metrics().values()) {
      Map<String, Object> m = (Map<String, Object>) level;
      assertTrue(m.keySet().containsAll(List.of("readP50Millis", "readP99Millis", "writeP99Millis", "stalePct",
          "unavailablePct")), m.toString());
    }
    Map<String, Object> one = (Map<String, Object>) r.metrics().get("one");
    Map<String, Object> all = (Map<String, Object>) r.metrics().get("all");
    // ONE answers sooner than ALL and reads stale values; ALL reads none.
    assertTrue((Double) one.get("writeP99Millis") < (Double) all.get("writeP99Millis"), r.metrics().toString());
    assertTrue((Double) one.get("stalePct") > 0, r.metrics().toString());
    assertEquals(0.0, all.get("stalePct"));
  }
}
