package dev.caplab.examples.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import org.junit.jupiter.api.Test;

/** The broadcast scenario's findings over many seeds, read from its report as a program would. */
class BroadcastPartitionTest {

  private static final int SEEDS = 20;

  private static Report run(long seed) {
    return ScenarioRunner.run(new BroadcastPartition(), seed).report();
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  @Test
  void partitionDropsHappenOnlyWhileTheNetworkIsSplit() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(0, count(r, "messagesByPhase.before.dropped.partition"), at + "drops before the split");
      assertTrue(count(r, "messagesByPhase.during.dropped.partition") > 0, at + "no drops during the split");
      assertEquals(0, count(r, "messagesByPhase.after.dropped.partition"), at + "drops after the heal");
    }
  }

  @Test
  void everySeedConvergesAfterTheHeal() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(r.check("converged").valid(), at + "converged check");
      assertTrue(r.metric("convergenceAfterHeal").value() != null, at + "never caught up after the heal");
      assertEquals(count(r, "valuesPublished"), count(r, "valuesKnownEverywhere"), at + "values not known everywhere");
    }
  }

  @Test
  void theSummaryPrintsTheFinalStateAsTheValueKnownFromEachNodeInOrder() {
    String summary = TextReport.render(run(1));
    // every node publishes every 200 ms until 5 s: 25 values each, known everywhere at the end
    assertTrue(summary.contains("- At 6s all nodes hold the same state [25, 25, 25, 25, 25]: converged."), summary);
  }

  @Test
  void valuesPublishedDuringTheSplitWaitForTheHeal() {
    Report r = run(7);
    long before = count(r, "propagationLatency.before.p50");
    long during = count(r, "propagationLatency.during.p50");
    assertTrue(during > 10 * before, "median propagation during " + during + " ns, before " + before + " ns");
  }

  @Test
  void messageCountsAddUpAcrossPhases() {
    Report r = run(3);
    long sent = 0;
    for (String p : new String[] {"before", "during", "after"}) {
      sent += count(r, "messagesByPhase." + p + ".sent");
    }
    assertEquals(count(r, "messages.sent"), sent);
    long dropped = count(r, "messages.dropped.loss") + count(r, "messages.dropped.partition")
        + count(r, "messages.dropped.crash") + count(r, "messages.dropped.inboxOverflow");
    assertEquals(count(r, "messages.sent") + count(r, "messages.duplicated"),
        count(r, "messages.delivered") + dropped + count(r, "messages.inFlightAtEnd"));
  }
}
