package dev.caplab.examples.streaming.teamscores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Check;
import dev.caplab.report.Report;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The team-scores findings over several seeds, read from the report as a program would. */
class TeamScoresTest {

  private static final int SEEDS = 4;
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new TeamScores(), s).report());
  }

  private static long count(Report r, String name) {
    return ((Number) r.metric(name).value()).longValue();
  }

  @Test
  void everyCheckHoldsOnEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      assertEquals(5, r.checks().size(), "seed " + seed);
      for (Check c : r.checks()) {
        assertTrue(c.valid(), "seed " + seed + ": " + c);
      }
    }
  }

  @Test
  void thePerfectWatermarkIsRightOnceButSlowestAndTheHeuristicIsFastButLoses() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed;
      assertEquals(count(r, "perfect.windows"), count(r, "perfect.windowsRight"), at);
      assertEquals(count(r, "perfect.windows"), count(r, "perfect.panesOnTime"), at);
      assertEquals(0, count(r, "perfect.sideOutput"), at);
      assertEquals(0, count(r, "perfect.pointsLost"), at);
      assertTrue(count(r, "heuristic.sideOutput") > 0, at);
      assertEquals(count(r, "heuristic.sideOutputPoints"), count(r, "heuristic.pointsLost"), at);
      assertTrue(count(r, "heuristic.windowsRight") < count(r, "heuristic.windows"), at);
      assertTrue(count(r, "heuristic.firstResult.p50") < count(r, "perfect.firstResult.p50"), at);
      assertTrue(count(r, "earlyLateAccumulating.firstResult.p50") < count(r, "heuristic.firstResult.p50"), at);
    }
  }

  @Test
  void latePanesRecoverWhatArrivesWithinTheLatenessAndDiscardingPanesAddUp() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed;
      assertTrue(count(r, "earlyLateAccumulating.sideOutput") < count(r, "heuristic.sideOutput"), at);
      assertTrue(count(r, "earlyLateAccumulating.windowsRight") > count(r, "heuristic.windowsRight"), at);
      assertEquals(count(r, "earlyLateAccumulating.sideOutputPoints"), count(r, "earlyLateAccumulating.pointsLost"), at);
      assertTrue(count(r, "earlyLateAccumulating.panesEarly") > 0, at);
      assertTrue(count(r, "earlyLateAccumulating.panesLate") > 0, at);
      assertEquals(count(r, "earlyLateAccumulating.pointsLost"), count(r, "earlyLateDiscarding.pointsLost"), at);
      assertEquals(count(r, "earlyLateAccumulating.panesLate"), count(r, "earlyLateDiscarding.panesLate"), at);
      assertTrue(count(r, "earlyLateDiscarding.panesOnTime") < count(r, "earlyLateAccumulating.panesOnTime"), at
          + ": a discarding window with nothing new since its early pane stays silent on time");
    }
  }

  @Test
  void sessionsMergeAfterFiringAndStillCountEveryScoreOnce() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed;
      assertTrue(count(r, "userSessions.superseded") > 0, at + ": late scores bridge sessions that fired");
      assertEquals(count(r, "userSessions.sideOutputPoints"), count(r, "userSessions.pointsLost"), at);
    }
  }

  @Test
  void batchSessionsMergeScoresExactlyAGapApartAndSplitOneMillisecondMore() {
    long gap = Pipeline.SESSION_GAP_MS;
    List<Score> touching = List.of(new Score("u", "t", 1, 0, 1), new Score("u", "t", 2, gap, gap + 1));
    assertEquals(Map.of(new Cell("u", 0, 2 * gap), 3L), BatchTruth.userSessions(touching, gap));
    List<Score> apart = List.of(new Score("u", "t", 1, 0, 1), new Score("u", "t", 2, gap + 1, gap + 2));
    assertEquals(Map.of(new Cell("u", 0, gap), 1L, new Cell("u", gap + 1, 2 * gap + 1), 2L),
        BatchTruth.userSessions(apart, gap));
  }

  @Test
  void batchTeamWindowsAreAlignedToTheirSize() {
    List<Score> s = List.of(new Score("u", "red", 1, 0, 1), new Score("v", "red", 2, 9, 10),
        new Score("u", "red", 4, 10, 11), new Score("w", "blue", 8, 5, 6));
    assertEquals(Map.of(new Cell("red", 0, 10), 3L, new Cell("red", 10, 20), 4L, new Cell("blue", 0, 10), 8L),
        BatchTruth.teamWindows(s, 10));
  }

  @Test
  void theGameArrivesInOrderOfArrivalAndNeverBeforeItHappens() {
    List<Score> scores = Game.play(new java.util.SplittableRandom(7));
    assertTrue(scores.size() > 1_000, "scores: " + scores.size());
    for (int i = 0; i < scores.size(); i++) {
      Score s = scores.get(i);
      assertTrue(s.arrivalMillis() > s.eventMillis(), s.toString());
      assertTrue(s.eventMillis() >= 0 && s.eventMillis() < Game.GAME_MS, s.toString());
      assertTrue(i == 0 || scores.get(i - 1).arrivalMillis() <= s.arrivalMillis(), "arrival order at " + i);
    }
    assertTrue(scores.stream().anyMatch(s -> s.delayMillis() > Pipeline.ALLOWED_LATENESS_MS + Pipeline.WINDOW_MS),
        "some phone stays offline beyond any window's lateness");
    assertTrue(scores.stream().anyMatch(s -> s.delayMillis() > Pipeline.HEURISTIC_BOUND_MS
        && s.delayMillis() < Pipeline.ALLOWED_LATENESS_MS), "some scores are late but within the lateness");
  }
}
