package dev.caplab.examples.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.ScenarioOutcome;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The register scenario's findings over many seeds, read from its report and history as a program would. */
class RegisterPartitionTest {

  private static final int SEEDS = 10;

  private static ScenarioOutcome run(long seed) {
    return ScenarioRunner.run(new RegisterPartition(), seed);
  }

  private static Object evidence(Check c, String name) {
    return c.evidence().stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("check " + c.name() + " has no evidence " + name)).value();
  }

  @Test
  void isInTheCatalog() {
    assertTrue(ScenarioCatalog.builtIn().get("register-partition") instanceof RegisterPartition);
  }

  @Test
  void thePartitionMakesTheHistoryNonLinearizableAndReadsStale() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      ScenarioOutcome o = run(seed);
      Report r = o.report();
      String at = "seed " + seed + ": ";
      Check lin = r.check("linearizable");
      assertFalse(lin.valid(), at + lin);
      assertEquals(false, evidence(lin, "verdict"), at);
      assertNotNull(evidence(lin, "counterexample.stuck"), at + lin);
      assertEquals((long) o.history().operations().size(), evidence(lin, "ops"), at + "the checked history is the recorded one");
      Check staleness = r.check("staleness");
      assertFalse(staleness.valid(), at + staleness);
      assertTrue((Long) evidence(staleness, "staleReads") > 0, at + "no stale reads");
      assertTrue(o.history().operations().size() > 100, at + "too few operations");
      long explained = 0;
      for (Metric m : r.metrics()) {
        if (m.name().startsWith("staleness.kDistribution.")) {
          explained += (Long) m.value();
        }
      }
      assertEquals((Long) evidence(staleness, "reads") - (Long) evidence(staleness, "unexplainedReads"), explained,
          at + "every explained read is in the distribution of k");
    }
  }

  @Test
  void theDiagramPutsEveryOperationOnItsClientsLineAndMarksTheStaleReads() {
    for (long seed = 1; seed <= 3; seed++) {
      ScenarioOutcome o = run(seed);
      SpaceTime d = o.report().blocks().stream().filter(SpaceTime.class::isInstance).map(SpaceTime.class::cast)
          .findFirst().orElseThrow();
      String at = "seed " + seed + ": ";
      assertEquals(o.history().operations().size(), d.operations().size(), at);
      for (SpaceTime.Operation op : d.operations()) {
        assertTrue(d.nodes().get(op.node()).startsWith("c"), at + "an operation on replica " + d.nodes().get(op.node()));
      }
      long stale = d.operations().stream().filter(op -> op.outcome() == SpaceTime.Outcome.STALE).count();
      assertEquals(evidence(o.report().check("staleness"), "staleReads"), stale, at);
      assertTrue(d.messages().size() > 500, at + d.messages().size() + " messages");
    }
  }

  @Test
  void everyClientHasAtMostOneOutstandingOperationAndValuesAreUnique() {
    History h = run(7).history();
    long writes = h.operations().stream().filter(o -> o.f() == Op.Fn.WRITE).count();
    long distinct = h.operations().stream().filter(o -> o.f() == Op.Fn.WRITE).map(Operation::input).distinct().count();
    assertEquals(writes, distinct);
    // the history survives the file format unchanged (the recorder enforced the rules)
    assertEquals(h, HistoryFormat.parse(HistoryFormat.toString(h)));
  }

  @Test
  void theSameSeedRecordsTheSameHistory() {
    assertEquals(run(3).history(), run(3).history());
  }

  @Test
  void theTextNamesTheOperationThatFitsNowhereAndDoesNotDependOnTheLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      String root = TextReport.render(run(4).report());
      // the seed whose first violation comes before the cut, in the words of the text (wrapped anyhow)
      assertTrue(root.replaceAll("\\s+", " ").contains("none of these fits: process 2 read -> 6 ok [743784568,"
          + " 751193009]. That is at 744ms, before the cut: a push still in flight is enough."), root);
      for (String tag : new String[] {"ar-EG", "de-DE"}) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertEquals(root, TextReport.render(run(4).report()), tag);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }
}
