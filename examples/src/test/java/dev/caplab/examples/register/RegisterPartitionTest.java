package dev.caplab.examples.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.Verdict;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import dev.caplab.history.Operation;
import org.junit.jupiter.api.Test;

class RegisterPartitionTest {

  private static final int SEEDS = 10;

  @Test
  void thePartitionMakesTheHistoryNonLinearizableAndReadsStale() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      RegisterPartition.Outcome o = new RegisterPartition().execute(seed);
      String at = "seed " + seed + ": ";
      assertEquals(Verdict.FALSE, o.linearizability().valid(), at + o.linearizability());
      assertNotNull(o.linearizability().counterexample(), at);
      assertTrue(o.staleness().staleReads() > 0, at + "no stale reads");
      assertTrue(o.history().operations().size() > 100, at + "too few operations");
      ScenarioResult r = o.result();
      assertFalse(r.checks().get("linearizable").valid(), at);
      assertFalse(r.checks().get("staleness").valid(), at);
      assertTrue(r.checks().get("staleness").details().containsKey("kDistribution"), at);
      assertTrue(r.history() == o.history(), at);
    }
  }

  @Test
  void everyClientHasAtMostOneOutstandingOperationAndValuesAreUnique() {
    History h = new RegisterPartition().execute(7).history();
    long writes = h.operations().stream().filter(o -> o.f() == dev.caplab.history.Op.Fn.WRITE).count();
    long distinct = h.operations().stream().filter(o -> o.f() == dev.caplab.history.Op.Fn.WRITE)
        .map(Operation::input).distinct().count();
    assertEquals(writes, distinct);
    // the history survives the file format unchanged (the recorder enforced the rules)
    assertEquals(h, HistoryFormat.parse(HistoryFormat.toString(h)));
  }

  @Test
  void sameSeedSameHistoryAndTraceHash() {
    RegisterPartition.Outcome a = new RegisterPartition().execute(3);
    RegisterPartition.Outcome b = new RegisterPartition().execute(3);
    assertEquals(a.history(), b.history());
    assertEquals(a.sim().trace().hashHex(), b.sim().trace().hashHex());
  }
}
