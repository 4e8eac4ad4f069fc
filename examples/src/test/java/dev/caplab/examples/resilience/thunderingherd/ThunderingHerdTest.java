package dev.caplab.examples.resilience.thunderingherd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Block;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The thundering-herd findings over many seeds, read from the report as a program would. */
class ThunderingHerdTest {

  private static final int SEEDS = 20;
  private static final List<String> STRATEGIES = List.of("none", "full", "equal", "decorrelated", "fullBudget");
  private static final List<String> POLICIES = List.of("synchronized", "jittered", "budget");

  /** Each seed's report, made once for all tests (a run takes about a second). */
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new ThunderingHerd(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  @Test
  void theVariantsAreTheStrategiesThenThePolicies() {
    assertEquals("none, full, equal, decorrelated, fullBudget, synchronized, jittered, budget",
        run(1).header().variant());
  }

  /** Over many seeds every jittered strategy needs fewer calls than no jitter. */
  @Test
  void everyJitterStrategyNeedsFewerCallsThanNoJitterOverManySeeds() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      long none = count(r, "none.totalCalls");
      for (String s : STRATEGIES) {
        String at = "seed " + seed + ", " + s + ": ";
        assertEquals(ThunderingHerd.CALLERS, count(r, s + ".succeeded") + count(r, s + ".gaveUp"),
            at + "every caller commits or gives up");
        assertEquals(count(r, s + ".succeeded"), count(r, s + ".commits"), at + "one commit per success");
        if (!s.equals("none")) {
          assertTrue(count(r, s + ".totalCalls") < none, at + count(r, s + ".totalCalls") + " calls, no jitter "
              + none);
        }
      }
      assertTrue(r.check("jitterBeatsNoJitter").valid(), "seed " + seed);
    }
  }

  @Test
  void withoutABudgetEveryCallerCommitsAndJitterFinishesSooner() {
    for (long seed = 1; seed <= 5; seed++) {
      Report r = run(seed);
      assertEquals(ThunderingHerd.CALLERS, count(r, "full.succeeded"), "seed " + seed);
      assertTrue(count(r, "full.completion") < count(r, "none.completion"), "seed " + seed + ": full "
          + count(r, "full.completion") + " ns, none " + count(r, "none.completion") + " ns");
    }
  }

  @Test
  void onlyTheBudgetLetsTheCrashedServiceRecover() {
    for (long seed = 1; seed <= 3; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(true, r.metric("recovery.budget.recovered").value(), at);
      assertTrue(r.metric("recovery.budget.recoveredAfter").value() != null, at);
      assertTrue(r.check("budgetRecovers").valid(), at);
      long budgetCalls = count(r, "recovery.budget.attempts");
      for (String p : List.of("synchronized", "jittered")) {
        String k = "recovery." + p + ".";
        assertEquals(false, r.metric(k + "recovered").value(), at + p + " recovered");
        assertNull(r.metric(k + "recoveredAfter").value(), at + p);
        assertTrue(count(r, k + "attempts") > 3 * budgetCalls, at + p + " amplifies the load");
        assertTrue(count(r, k + "wastedReplies") > 0, at + p + " wastes work");
      }
      for (String p : POLICIES) {
        String k = "recovery." + p + ".";
        assertEquals(count(r, k + "requests"), count(r, k + "succeeded") + count(r, k + "failed"),
            at + p + ": every request ends");
      }
    }
  }

  @Test
  void durationsAreNanosecondsAndNeverRecoveredIsNull() {
    Report r = run(3);
    for (String s : STRATEGIES) {
      assertEquals(Unit.NANOSECONDS, r.metric(s + ".completion").unit(), s);
      assertEquals(Unit.COUNT, r.metric(s + ".totalCalls").unit(), s);
    }
    for (String p : POLICIES) {
      assertEquals(Unit.BOOLEAN, r.metric("recovery." + p + ".recovered").unit(), p);
      assertEquals(Unit.NANOSECONDS, r.metric("recovery." + p + ".recoveredAfter").unit(), p);
    }
    assertEquals(7_000_000_000L, r.check("budgetRecovers").evidence().get(1).value());
  }

  @Test
  void theCallSeriesAddUpToTheCallsSentWhileTheLoadLasts() {
    Report r = run(2);
    Block.TimeSeries calls = r.blocks().stream().filter(b -> b instanceof Block.TimeSeries t && t.name().equals("calls"))
        .map(b -> (Block.TimeSeries) b).findFirst().orElseThrow();
    assertEquals(POLICIES, calls.lines().stream().map(Block.Line::label).toList());
    for (Block.Line l : calls.lines()) {
      assertEquals(100, l.times().length, l.label() + ": one point per 100 ms of load");
      double sum = 0;
      for (double v : l.values()) {
        sum += v;
      }
      long all = count(r, "recovery." + l.label() + ".attempts");
      assertTrue(sum <= all && sum > 0.9 * all, l.label() + ": " + sum + " of " + all + " calls in the series");
    }
  }

  @Test
  void theTextTellsBothPartsWithTheirNumbers() {
    String text = TextReport.render(run(1));
    String prose = text.replaceAll("\\s+", " ");
    assertTrue(prose.contains("collide again: 1492 calls to the database for 98 updates, 2 gave up."), text);
    assertTrue(prose.contains("rarely collide: 1080 calls (1.4x fewer), all done after 1.11s."), text);
    assertTrue(prose.contains("- Every jittered strategy needed fewer calls than no jitter: yes."), text);
    assertTrue(prose.contains("- synchronized (no jitter): did NOT recover while the load lasted."), text);
    assertTrue(prose.contains("- budget (full jitter + a retry budget per client): recovered at once"), text);
    assertTrue(prose.contains("synchronized sent 16793 calls for 3795 requests (4.4 a request)"), text);
    assertTrue(text.contains("  at 1s: crash api\n  at 3s: restart api\n"), text);
  }

  @Test
  void theDiagramShowsTheSynchronizedClientsAsTheServiceComesBack() {
    Report r = run(1);
    SpaceTime d = r.blocks().stream().filter(b -> b instanceof SpaceTime)
        .map(b -> (SpaceTime) b).findFirst().orElseThrow();
    assertEquals(List.of("api", "client1", "client2", "client3", "client4"), d.nodes());
    assertTrue(d.fromNanos() < ThunderingHerd.RESTART_AT.toNanos() && d.toNanos() > ThunderingHerd.RESTART_AT.toNanos());
    assertTrue(d.messages().size() > 100 && d.messages().size() < 5_000, d.messages().size() + " messages");
    assertTrue(d.operations().stream().allMatch(o -> o.node() >= 1), "requests sit on the clients' lines");
    assertTrue(d.operations().stream().anyMatch(o -> o.outcome() == SpaceTime.Outcome.FAILED),
        "some requests fail in the herd");
  }
}
