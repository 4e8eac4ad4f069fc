package dev.caplab.examples.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.DropReason;
import org.junit.jupiter.api.Test;

class BroadcastPartitionTest {

  private static final int SEEDS = 20;

  @Test
  void partitionDropsHappenOnlyWhileTheNetworkIsSplit() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      BroadcastPartition.Outcome o = new BroadcastPartition().execute(seed);
      String at = "seed " + seed + ": ";
      assertEquals(0, o.byPhase().get(Phase.BEFORE).dropped(DropReason.PARTITION), at + "drops before the split");
      assertTrue(o.byPhase().get(Phase.DURING).dropped(DropReason.PARTITION) > 0, at + "no drops during the split");
      assertEquals(0, o.byPhase().get(Phase.AFTER).dropped(DropReason.PARTITION), at + "drops after the heal");
    }
  }

  @Test
  void everySeedConvergesAfterTheHeal() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      BroadcastPartition.Outcome o = new BroadcastPartition().execute(seed);
      String at = "seed " + seed + ": ";
      assertTrue(o.converged(), at + "final vectors differ: " + o.finalVectors());
      assertTrue(o.ledger().convergenceAfterHealNanos() >= 0, at + "never caught up after the heal");
      assertEquals(o.ledger().published(), o.ledger().fullyPropagated(), at + "values not known everywhere");
      assertTrue(o.result().checks().get("converged").valid(), at + "converged check");
    }
  }

  @Test
  void theSummaryPrintsTheFinalStateAsTheValueKnownFromEachNodeInOrder() {
    BroadcastPartition.Outcome o = new BroadcastPartition().execute(1);
    String summary = o.result().summary();
    // every node publishes every 200 ms until 5 s: 25 values each, known everywhere at the end
    assertTrue(summary.contains("- At 6s all nodes hold the same state [25, 25, 25, 25, 25]: converged."), summary);
  }

  @Test
  void valuesPublishedDuringTheSplitWaitForTheHeal() {
    BroadcastPartition.Outcome o = new BroadcastPartition().execute(7);
    long before = o.ledger().propagation(Phase.BEFORE).p50();
    long during = o.ledger().propagation(Phase.DURING).p50();
    assertTrue(during > 10 * before, "median propagation during " + during + " ns, before " + before + " ns");
  }

  @Test
  void messageCountsAddUpAcrossPhases() {
    BroadcastPartition.Outcome o = new BroadcastPartition().execute(3);
    long sent = 0;
    for (Phase p : Phase.values()) {
      sent += o.byPhase().get(p).sent();
    }
    assertEquals(o.total().sent(), sent);
    var stats = o.cluster().stats();
    assertEquals(stats.sent() + stats.duplicated(), stats.delivered() + stats.droppedTotal() + stats.inFlight());
  }
}
