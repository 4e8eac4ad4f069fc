package dev.caplab.examples.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The conflict scenarios' findings over several seeds, read from their reports as a program would. */
class ConflictScenariosTest {

  private static final int SEEDS = 3;

  private static Report run(Scenario s, long seed) {
    return ScenarioRunner.run(s, seed).report();
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static String converged(String strategy) {
    return "converged" + Character.toUpperCase(strategy.charAt(0)) + strategy.substring(1);
  }

  @Test
  void shoppingCartLwwLosesItemsMvRegisterKeepsSiblingsOrSetKeepsEverything() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      String at = "seed " + seed + ": ";
      Report r = run(new ShoppingCart(), seed);
      for (String s : List.of("lww", "mvRegister", "orSet")) {
        assertTrue(r.check(converged(s)).valid(), at + s);
        assertNotNull(r.metric(s + ".convergenceAfterHeal").value(), at + s + " never converged");
        assertTrue(count(r, s + ".acknowledgedAdds") > 100, at + s + " too few adds");
      }
      assertTrue(count(r, "lww.lostUpdates") > 0, at + "lww lost nothing");
      assertEquals(0, count(r, "mvRegister.lostUpdates"), at);
      assertTrue(count(r, "mvRegister.cartsWithSiblings") > 0, at + "no siblings after the partition");
      assertTrue(count(r, "mvRegister.resurrected") > 0, at + "union resolution brought nothing back");
      assertEquals(0, count(r, "orSet.lostUpdates"), at);
      assertEquals(0, count(r, "orSet.resurrected"), at);
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  @Test
  void likeCounterLwwLosesLikesPnCounterCountsAll() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      String at = "seed " + seed + ": ";
      Report r = run(new LikeCounter(), seed);
      for (String s : List.of("lww", "pnCounter")) {
        assertTrue(r.check(converged(s)).valid(), at + s);
        assertTrue(count(r, s + ".acknowledgedIncrements") > 500, at + s);
      }
      assertTrue(count(r, "lww.lostUpdates") > 0, at);
      assertEquals(0, count(r, "pnCounter.lostUpdates"), at);
      long counted = count(r, "pnCounter.finalValues.post1") + count(r, "pnCounter.finalValues.post2");
      assertEquals(count(r, "pnCounter.acknowledgedIncrements"), counted,
          at + "no timeouts, so every like is acknowledged");
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  /** lww's updates are bars on the shoppers' lines, and exactly the undone ones (lost adds, resurrected removes) are lost. */
  @Test
  void theShoppingCartDiagramMarksEveryUndoneUpdateOfLwwAsLost() {
    Report r = run(new ShoppingCart(), 2);
    SpaceTime d = diagram(r);
    long lost = d.operations().stream().filter(o -> o.outcome() == SpaceTime.Outcome.LOST).count();
    assertEquals(count(r, "lww.lostUpdates") + count(r, "lww.resurrected"), lost);
    assertTrue(d.operations().size() > 100, "every update is a bar: " + d.operations().size());
    for (SpaceTime.Operation o : d.operations()) {
      assertTrue(d.nodes().get(o.node()).matches("u[0-9]+(us|eu)"), "a bar on a shopper's line: " + o);
      assertTrue(o.completedAt() >= o.invokedAt(), o.toString());
    }
  }

  @Test
  void theLikeCounterDiagramShowsTheLikesAroundTheHeal() {
    SpaceTime d = diagram(run(new LikeCounter(), 2));
    assertEquals(TwoRegions.HEAL_AT.minus(LikeCounter.DIAGRAM_BEFORE_HEAL).toNanos(), d.fromNanos());
    assertTrue(d.operations().size() > 50, "likes in the window: " + d.operations().size());
    for (SpaceTime.Operation o : d.operations()) {
      assertTrue(o.completedAt() >= d.fromNanos() && o.invokedAt() <= d.toNanos(), "in the window: " + o);
      assertTrue(o.label().startsWith("like post-"), o.label());
    }
  }

  @Test
  void theFindingsNameTheLossesWithTheirNumbers() {
    String cart = words(TextReport.render(run(new ShoppingCart(), 1)));
    assertTrue(cart.contains("63 of 168 acknowledged adds were lost (e.g. cart-4:u4eu/2, cart-4:u4eu/3,"
        + " cart-4:u4eu/4). Skew makes it worse: eu3's stamps are 120ms low"), cart);
    assertTrue(cart.contains("lost 0 adds, but 16 removed items came back"), cart);
    assertTrue(cart.contains("All three converged after the heal"), cart);
    String likes = words(TextReport.render(run(new LikeCounter(), 1)));
    assertTrue(likes.contains("989 of 1199 acknowledged likes were lost (82%)."), likes);
  }

  /** docs/crdts.md quotes the seed-1 tables and README.md the seed-1 losses: they must be what a run prints. */
  @Test
  void theDocsQuoteWhatSeedOnePrints() throws IOException {
    String doc = Files.readString(Path.of("../docs/crdts.md"));
    String readme = words(Files.readString(Path.of("../README.md")));
    Report cart = run(new ShoppingCart(), 1);
    Report likes = run(new LikeCounter(), 1);
    for (Report r : List.of(cart, likes)) {
      String table = strategiesTable(TextReport.render(r));
      assertTrue(doc.contains("```text\n" + table + "```\n"), "docs/crdts.md must quote, from "
          + r.header().scenario() + " --seed 1:\n" + table);
    }
    String quoted = String.format(Locale.ROOT, "With seed 1, `shopping-cart` loses %d of %d acknowledged adds under"
        + " LWW and %s under the OR-Set; `like-counter` loses %,d of %,d likes under an LWW counter and %s under a"
        + " PN-Counter.", count(cart, "lww.lostUpdates"), count(cart, "lww.acknowledgedAdds"),
        none(count(cart, "orSet.lostUpdates")), count(likes, "lww.lostUpdates"),
        count(likes, "lww.acknowledgedIncrements"), none(count(likes, "pnCounter.lostUpdates")));
    assertTrue(readme.contains(quoted), "README.md must say: " + quoted);
  }

  private static String none(long n) {
    return n == 0 ? "none" : Long.toString(n);
  }

  /** The strategies table as the text report prints it: its title, header row and rows. */
  private static String strategiesTable(String text) {
    int from = text.lastIndexOf('\n', text.indexOf("\n  strategy ") - 1) + 1;
    int to = text.indexOf("\n\n", from);
    return text.substring(from, to + 1);
  }

  private static SpaceTime diagram(Report r) {
    return r.blocks().stream().filter(SpaceTime.class::isInstance).map(SpaceTime.class::cast).findFirst()
        .orElseThrow();
  }

  private static String words(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
