package dev.caplab.examples.streaming.teamscores;

import static dev.caplab.examples.streaming.teamscores.Pipeline.ALLOWED_LATENESS_MS;
import static dev.caplab.examples.streaming.teamscores.Pipeline.HEURISTIC_BOUND_MS;
import static dev.caplab.examples.streaming.teamscores.Pipeline.SESSION_GAP_MS;
import static dev.caplab.examples.streaming.teamscores.Pipeline.WINDOW_MS;

import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.examples.streaming.teamscores.Pipeline.Result;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.streaming.window.PaneKind;
import dev.caplab.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mobile game of Beam's examples and the <i>Streaming Systems</i> book: 40
 * players in five teams score for an hour; most scores arrive within a second or two, but phones
 * that lose their connection deliver the rest of a play session minutes later. The pipeline sums
 * points per team in ten-minute event-time windows (and, in one variant, per user session), each
 * variant on a simulation of its own from the same seed, so all meet the same game:
 *
 * <ul>
 *   <li>{@code perfect}: a watermark that knows every score still under way; on-time panes only;
 *   <li>{@code heuristic}: a watermark that trusts scores to be at most two minutes
 *       late; later scores go to the side output;
 *   <li>{@code earlyLateAccumulating} / {@code earlyLateDiscarding}: the heuristic watermark with
 *       early panes every minute and 15 minutes of allowed lateness,
 *       each pane holding everything so far or only what is new;
 *   <li>{@code userSessions}: per-user sessions (gap five minutes) with the
 *       heuristic watermark and lateness.
 * </ul>
 *
 * <p>Every variant is compared with the batch answer over the complete data. Stateless and
 * thread-safe.
 */
public final class TeamScores implements Scenario {

  /** The command-line name. */
  public static final String NAME = "team-scores";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "scores arrive out of order: perfect vs heuristic watermark, early/on-time/late panes, sessions";
  }

  @Override
  public String question() {
    return "Mobile game scores arrive out of order, some from phones that were offline for minutes. How fast and"
        + " how right are team totals in event-time windows under a perfect and a heuristic watermark, with early,"
        + " on-time and late panes, compared with the batch answer?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Variant.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Variant, Result> results = run.eachVariant(Variant.class, (sim, v) -> Pipeline.run(sim, v));
    new Outcome(results).report(run);
  }

  /** What the variants measured against the batch answers; {@link #report} writes it up. */
  record Outcome(Map<Variant, Result> results) {

    Result get(Variant v) {
      return results.get(v);
    }

    List<Score> scores() {
      return get(Variant.PERFECT).scores();
    }

    Map<Cell, Long> truth(Variant v) {
      return v.sessions() ? BatchTruth.userSessions(scores(), SESSION_GAP_MS)
          : BatchTruth.teamWindows(scores(), WINDOW_MS);
    }

    /** Windows whose final answer is the batch answer. */
    long windowsRight(Variant v) {
      Map<Cell, Long> truth = truth(v);
      return truth.entrySet().stream().filter(e -> e.getValue().equals(get(v).finals().get(e.getKey()))).count();
    }

    /** Whether the final answers are exactly the batch answers over what the variant accepted. */
    boolean equalsBatchOfAccepted(Variant v) {
      return get(v).finals().equals(get(v).acceptedTruth());
    }

    long totalPoints() {
      return scores().stream().mapToLong(Score::points).sum();
    }

    long offlineScores() {
      return scores().stream().filter(s -> s.delayMillis() > HEURISTIC_BOUND_MS).count();
    }

    long maxDelayMs() {
      return scores().stream().mapToLong(Score::delayMillis).max().orElse(0);
    }

    void report(ScenarioRun run) {
      Result perfect = get(Variant.PERFECT);
      Result heuristic = get(Variant.HEURISTIC);
      Result early = get(Variant.EARLY_LATE_ACCUMULATING);
      Result sessions = get(Variant.USER_SESSIONS);
      run.paragraph(String.format(Locale.ROOT, "%d players in %d teams score for %s: %d scores, %d points. Most"
          + " arrive within a second or two; %d (%s) came from phones that lost their connection and arrived up to"
          + " %s after they were scored. The pipeline sums points per team in %s windows of event time (and per"
          + " player session, gap %s); the batch answer is the same sums over the complete data.", Game.USERS,
          Game.TEAMS.length, human(Game.GAME_MS), scores().size(), totalPoints(), offlineScores(),
          percent(offlineScores(), scores().size()), human(maxDelayMs()), human(WINDOW_MS), human(SESSION_GAP_MS)));
      run.heading("What happened");
      run.bullets(findings());
      run.heading("Batch or stream");
      run.paragraph(String.format(Locale.ROOT, "A batch job is exact because it runs on bounded data: it starts when"
          + " everything is in. The perfect watermark is the stream's version of that wait: every one of the %d team"
          + " windows is right, but half the scores were first counted %s after they happened (%s at the 99th"
          + " percentile), because a window waits for the slowest phone. The heuristic watermark answers %s after"
          + " the event (median) and is wrong in %d windows: %d scores (%d points) arrived after it passed their"
          + " window and went to the side output. Early and late panes buy much of both: a first answer %s after the event"
          + " (median), refined by %d late panes, ending with %d of %d windows right, at the price of %d panes"
          + " instead of %d and state kept %s longer. Latency is a dial between waiting (batch-like completeness)"
          + " and guessing (a watermark that is sometimes wrong); late data is a cost either way, paid in latency,"
          + " in accuracy, or in panes and state.", truth(Variant.PERFECT).size(), humanNanos(perfect.firstResult().p50()),
          humanNanos(perfect.firstResult().p99()), humanNanos(heuristic.firstResult().p50()),
          truth(Variant.HEURISTIC).size() - windowsRight(Variant.HEURISTIC), heuristic.sideOutput().size(),
          heuristic.sideOutputPoints(), humanNanos(early.firstResult().p50()), early.panes(PaneKind.LATE),
          windowsRight(Variant.EARLY_LATE_ACCUMULATING), truth(Variant.EARLY_LATE_ACCUMULATING).size(), early.panes(),
          perfect.panes(), human(ALLOWED_LATENESS_MS)));
      Block.Table.Builder t = Block.Table.builder("variants", "Each variant against the batch answer",
          new Block.Column("variant", Unit.TEXT), new Block.Column("right", Unit.TEXT),
          new Block.Column("points lost", Unit.COUNT), new Block.Column("side output", Unit.COUNT),
          new Block.Column("early", Unit.COUNT), new Block.Column("on time", Unit.COUNT),
          new Block.Column("late", Unit.COUNT), new Block.Column("first result p50", Unit.NANOSECONDS),
          new Block.Column("p99", Unit.NANOSECONDS), new Block.Column("max lag", Unit.NANOSECONDS));
      for (Variant v : Variant.values()) {
        Result r = get(v);
        t.row(v.key(), windowsRight(v) + "/" + truth(v).size(), totalPoints() - r.finalPoints(), r.sideOutput().size(),
            r.panes(PaneKind.EARLY), r.panes(PaneKind.ON_TIME), r.panes(PaneKind.LATE), r.firstResult().p50(),
            r.firstResult().p99(), r.maxLagMs() * 1_000_000);
      }
      run.add(t.build());
      run.add(new Block.TimeSeries("watermarkLag", "How far event time (the watermark) trails processing time",
          Unit.NANOSECONDS, List.of(line(perfect, true), line(heuristic, true))));
      List<Block.Line> panes = new ArrayList<>();
      for (Variant v : Variant.values()) {
        panes.add(line(get(v), false));
      }
      run.add(new Block.TimeSeries("panes", "Panes fired so far", Unit.COUNT, panes));
      run.add(new Block.Distribution("firstResult", "From a score's event time to the first pane counting it",
          List.of(Block.Curve.of(Variant.PERFECT.key(), perfect.firstResult()),
              Block.Curve.of(Variant.HEURISTIC.key(), heuristic.firstResult()),
              Block.Curve.of(Variant.EARLY_LATE_ACCUMULATING.key(), early.firstResult()))));
      metrics(run);
      checks(run, sessions);
    }

    private List<String> findings() {
      List<String> found = new ArrayList<>();
      for (Variant v : Variant.values()) {
        Result r = get(v);
        found.add(String.format(Locale.ROOT, "%s (%s): %d of %d %s right; %d panes (%d early, %d on time, %d late);"
            + " %d scores (%d points) to the side output; first result %s after the event (median), %s at worst.%s",
            v.key(), v.description(), windowsRight(v), truth(v).size(), v.sessions() ? "sessions" : "team windows",
            r.panes(), r.panes(PaneKind.EARLY), r.panes(PaneKind.ON_TIME), r.panes(PaneKind.LATE),
            r.sideOutput().size(), r.sideOutputPoints(), humanNanos(r.firstResult().p50()),
            humanNanos(r.firstResult().max()), v.sessions() ? String.format(Locale.ROOT, " %d sessions fired and"
                + " later merged into a larger one: their panes cannot be taken back.", r.supersededWindows()) : ""));
      }
      return found;
    }

    private static Block.Line line(Result r, boolean lag) {
      return new Block.Line(r.variant().key(), r.sampleTimes(), lag ? r.lagSamples() : r.paneSamples());
    }

    private void metrics(ScenarioRun run) {
      run.metric("scores", Unit.COUNT, scores().size());
      run.metric("points", Unit.COUNT, totalPoints());
      run.metric("offlineScores", Unit.COUNT, offlineScores());
      run.metric("maxDelay", Unit.NANOSECONDS, maxDelayMs() * 1_000_000);
      for (Variant v : Variant.values()) {
        Result r = get(v);
        String k = v.key() + ".";
        run.metric(k + "windows", Unit.COUNT, truth(v).size());
        run.metric(k + "windowsRight", Unit.COUNT, windowsRight(v));
        run.metric(k + "pointsLost", Unit.COUNT, totalPoints() - r.finalPoints());
        run.metric(k + "sideOutput", Unit.COUNT, r.sideOutput().size());
        run.metric(k + "sideOutputPoints", Unit.COUNT, r.sideOutputPoints());
        run.metric(k + "panes", Unit.COUNT, r.panes());
        run.metric(k + "panesEarly", Unit.COUNT, r.panes(PaneKind.EARLY));
        run.metric(k + "panesOnTime", Unit.COUNT, r.panes(PaneKind.ON_TIME));
        run.metric(k + "panesLate", Unit.COUNT, r.panes(PaneKind.LATE));
        run.metric(k + "maxWatermarkLag", Unit.NANOSECONDS, r.maxLagMs() * 1_000_000);
        run.latency(k + "firstResult", r.firstResult());
      }
      run.metric(Variant.USER_SESSIONS.key() + ".superseded", Unit.COUNT, get(Variant.USER_SESSIONS).supersededWindows());
    }

    private void checks(ScenarioRun run, Result sessions) {
      Result perfect = get(Variant.PERFECT);
      Result heuristic = get(Variant.HEURISTIC);
      Result early = get(Variant.EARLY_LATE_ACCUMULATING);
      Result discarding = get(Variant.EARLY_LATE_DISCARDING);
      long windows = truth(Variant.PERFECT).size();
      run.check(Check.of("perfectWatermarkEqualsBatch", perfect.finals().equals(truth(Variant.PERFECT))
          && perfect.sideOutput().isEmpty() && perfect.panes() == windows,
          "with the perfect watermark every team window fires once, on time, with the batch answer",
          Metric.count("windows", windows), Metric.count("windowsRight", windowsRight(Variant.PERFECT)),
          Metric.count("panes", perfect.panes())));
      run.check(Check.of("heuristicLosesExactlyTheSideOutput", !heuristic.sideOutput().isEmpty()
          && equalsBatchOfAccepted(Variant.HEURISTIC),
          "the heuristic watermark's answers are the batch answers without exactly the scores it side-output",
          Metric.count("sideOutput", heuristic.sideOutput().size()),
          Metric.count("sideOutputPoints", heuristic.sideOutputPoints()),
          Metric.count("pointsLost", totalPoints() - heuristic.finalPoints())));
      run.check(Check.of("latePanesRepairTheHeuristic", equalsBatchOfAccepted(Variant.EARLY_LATE_ACCUMULATING)
          && early.sideOutput().size() < heuristic.sideOutput().size()
          && early.firstResult().p50() < perfect.firstResult().p50(),
          "with allowed lateness, late panes bring the answers to the batch answer over all but the scores later"
          + " than the lateness, and early panes answer sooner than the perfect watermark",
          Metric.count("sideOutput", early.sideOutput().size()),
          Metric.count("windowsRight", windowsRight(Variant.EARLY_LATE_ACCUMULATING)),
          Metric.nanos("firstResultP50", early.firstResult().p50())));
      run.check(Check.of("discardingPanesAddUpToAccumulating", discarding.finals().equals(early.finals()),
          "discarding panes, added up by the consumer, give what the last accumulating panes give",
          Metric.count("panes", discarding.panes()), Metric.count("accumulatingPanes", early.panes())));
      run.check(Check.of("sessionsCountEveryAcceptedScoreOnce", sessions.finalPoints() + sessions.sideOutputPoints()
          == totalPoints(), "the final user sessions hold every score not side-output, once",
          Metric.count("sessions", sessions.finals().size()), Metric.count("superseded", sessions.supersededWindows()),
          Metric.count("sideOutputPoints", sessions.sideOutputPoints())));
    }
  }

  private static String human(long millis) {
    return Durations.human(millis * 1_000_000);
  }

  private static String humanNanos(long nanos) {
    return Durations.human(nanos);
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / Math.max(1, whole));
  }
}
