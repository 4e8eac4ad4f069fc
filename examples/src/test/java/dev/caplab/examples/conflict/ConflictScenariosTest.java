package dev.caplab.examples.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConflictScenariosTest {

  private static final int SEEDS = 3;

  @Test
  void shoppingCartLwwLosesItemsMvRegisterKeepsSiblingsOrSetKeepsEverything() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      String at = "seed " + seed + ": ";
      ShoppingCart.Outcome o = new ShoppingCart().execute(seed);
      for (ShoppingCart.Strategy s : o.strategies()) {
        assertTrue(s.convergence().valid(), at + s.name() + " " + s.convergence().toMap());
        assertTrue(s.run().convergedAfterNanos().isPresent(), at + s.name());
        assertTrue(s.acknowledgedAdds() > 100, at + s.name() + " too few adds");
      }
      assertTrue(o.get("lww").lost().size() > 0, at + "lww lost nothing");
      assertEquals(List.of(), o.get("mvRegister").lost(), at);
      assertTrue(o.get("mvRegister").cartsWithSiblings() > 0, at + "no siblings after the partition");
      assertTrue(o.get("mvRegister").resurrected().size() > 0, at + "union resolution brought nothing back");
      assertEquals(List.of(), o.get("orSet").lost(), at);
      assertEquals(List.of(), o.get("orSet").resurrected(), at);
      ScenarioResult r = o.result();
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  @Test
  void likeCounterLwwLosesLikesPnCounterCountsAll() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      String at = "seed " + seed + ": ";
      LikeCounter.Outcome o = new LikeCounter().execute(seed);
      for (LikeCounter.Strategy s : o.strategies()) {
        assertTrue(s.convergence().valid(), at + s.name() + " " + s.convergence().toMap());
        assertTrue(s.acknowledged() > 500, at + s.name());
      }
      assertTrue(o.get("lww").lost() > 0, at);
      assertEquals(0, o.get("pnCounter").lost(), at);
      long counted = o.get("pnCounter").finalValues().values().stream().mapToLong(Long::longValue).sum();
      assertEquals(o.get("pnCounter").acknowledged(), counted, at + "no timeouts, so every like is acknowledged");
      assertTrue(o.result().allChecksValid(), at);
    }
  }

  @Test
  void jsonMetricsPerStrategyAndChecks() {
    Map<String, List<String>> strategies = Map.of(
        ShoppingCart.NAME, List.of("lww", "mvRegister", "orSet"),
        LikeCounter.NAME, List.of("lww", "pnCounter"));
    for (Map.Entry<String, List<String>> e : strategies.entrySet()) {
      ScenarioResult r = Scenarios.builtIn().get(e.getKey()).run(5);
      for (String s : e.getValue()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r.metrics().get(s);
        assertTrue(m.keySet().containsAll(Set.of("lostUpdates", "convergenceMillis", "metadataBytes", "bytesGossiped")),
            e.getKey() + " " + s + ": " + m.keySet());
        assertTrue(r.checks().containsKey("converged." + s), e.getKey() + " " + r.checks().keySet());
      }
      assertTrue(r.checks().get("crdtLosesNothing").valid(), e.getKey());
      assertTrue(r.summary().contains("What happened"), r.summary());
    }
  }

  @Test
  void sameSeedSameTraceHashAndFigures() {
    ScenarioResult a = new ShoppingCart().run(9);
    ScenarioResult b = new ShoppingCart().run(9);
    assertEquals(a.traceHash(), b.traceHash());
    assertEquals(a.metrics(), b.metrics());
    assertEquals(a.summary(), b.summary());
    assertTrue(!a.traceHash().equals(new ShoppingCart().run(10).traceHash()), "another seed, another run");
  }
}
