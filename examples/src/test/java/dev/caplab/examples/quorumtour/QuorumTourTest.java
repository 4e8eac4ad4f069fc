package dev.caplab.examples.quorumtour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Check;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The quorum tour's claims, read from its report as a program would. */
class QuorumTourTest {

  private static Report seed1;

  private static Report run(long seed) {
    return ScenarioRunner.run(new QuorumTour(), seed).report();
  }

  /** Seed 1's report, made once: several tests read it. */
  private static synchronized Report seed1() {
    if (seed1 == null) {
      seed1 = run(1);
    }
    return seed1;
  }

  private static double ratio(Report r, String name) {
    assertEquals(Unit.RATIO, r.metric(name).unit(), name);
    return (Double) r.metric(name).value();
  }

  private static long nanos(Report r, String name) {
    assertEquals(Unit.NANOSECONDS, r.metric(name).unit(), name);
    return (Long) r.metric(name).value();
  }

  @Test
  void isInTheCatalogWithTheLevelsAsVariants() {
    assertTrue(ScenarioCatalog.builtIn().get("quorum-tour") instanceof QuorumTour);
    assertEquals(List.of("one", "quorum", "all"), new QuorumTour().variants());
    assertEquals("one, quorum, all", seed1().header().variant());
  }

  @Test
  void theClaimsHoldOnSeveralSeeds() {
    for (long seed = 1; seed <= 4; seed++) {
      Report r = seed == 1 ? seed1() : run(seed);
      for (Check c : r.checks()) {
        assertTrue(c.valid(), "seed " + seed + ": check " + c);
      }
    }
  }

  @Test
  void oneIsFasterAndStaleAllIsSlowerAndNeverStale() {
    Report r = seed1();
    assertTrue(nanos(r, "one.writeLatency.p99") < nanos(r, "all.writeLatency.p99"), r.metrics().toString());
    assertTrue(ratio(r, "one.fractionStale") > 0, r.metrics().toString());
    assertEquals(0.0, ratio(r, "all.fractionStale"));
    assertEquals(0.0, ratio(r, "quorum.fractionStale"));
    // during the split ALL serves no one; unavailability is a fraction of the operations
    assertEquals(1.0, ratio(r, "all.duringPartition.fractionUnavailable"));
    assertTrue(ratio(r, "one.fractionUnavailable") <= ratio(r, "quorum.fractionUnavailable"));
  }

  @Test
  void theDiagramShowsQuorumRefusingTheCutOffClientOnly() {
    SpaceTime d = seed1().blocks().stream().filter(SpaceTime.class::isInstance).map(SpaceTime.class::cast)
        .findFirst().orElseThrow();
    long split = QuorumTour.PARTITION_AT.toNanos();
    long c2Refused = 0;
    long othersServed = 0;
    for (SpaceTime.Operation op : d.operations()) {
      String client = d.nodes().get(op.node());
      assertTrue(client.startsWith("c"), "an operation on " + client);
      if (op.invokedAt() >= split && client.equals("c2")) {
        assertTrue(op.outcome() == SpaceTime.Outcome.FAILED || op.outcome() == SpaceTime.Outcome.UNKNOWN, op.toString());
        c2Refused++;
      } else if (op.invokedAt() >= split && op.outcome() == SpaceTime.Outcome.OK) {
        othersServed++;
      }
    }
    assertTrue(c2Refused > 0, "c2 calls during the window: " + c2Refused);
    assertTrue(othersServed > 10, "c0 and c1 served during the window: " + othersServed);
    assertTrue(d.messages().size() > 100 && d.messages().size() < 5_000, d.messages().size() + " messages");
  }

  @Test
  void theTextDoesNotDependOnTheLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      String root = TextReport.render(seed1());
      // Arabic (Egypt) writes its own digits and decimal separator, both in the run and in the rendering.
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      assertEquals(root, TextReport.render(run(1)));
    } finally {
      Locale.setDefault(saved);
    }
  }

  /** docs/quorum.md quotes the tour's table: every line it shows (all but "...") is printed. */
  @Test
  void theGuideShowsWhatTheTourPrints() throws Exception {
    String doc = Files.readString(Path.of("../docs/quorum.md"));
    String command = "$ caplab run quorum-tour --seed 1\n";
    int from = doc.indexOf(command);
    int end = doc.indexOf("```", from);
    assertTrue(from >= 0 && end > from, "the quorum tour's example in docs/quorum.md");
    List<String> printed = TextReport.render(seed1()).lines().toList();
    int shown = 0;
    for (String line : doc.substring(from + command.length(), end).lines().toList()) {
      if (!line.equals("...")) {
        assertTrue(printed.contains(line), "docs/quorum.md shows a line the tour does not print: '" + line + "'");
        shown++;
      }
    }
    assertEquals(5, shown, "the table's title, heading and three rows");
  }
}
