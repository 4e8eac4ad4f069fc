package dev.caplab.replication.pbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.quorum.FanOut;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisibilityWindowsTest {

  /** Each row's own count of consistent reads is exactly the windows at most its t. */
  @ParameterizedTest(name = "{0} R={1} W={2} fan-out {3}")
  @CsvSource({"LNKD-DISK, 1, 1, ALL", "YMMR, 2, 1, ALL", "WAN, 1, 1, ALL", "LNKD-SSD, 1, 1, QUORUM_ONLY",
      "'exp:5,1,1,1', 1, 1, ALL"})
  void aRowsWindowsReproduceItsReadsExactly(String profile, int r, int w, FanOut fanOut) {
    for (double t : List.of(0.0, 3.0, 40.0)) {
      PbsResult result = PbsExperiment.builder(PbsProfile.byName(profile)).quorum(3, r, w).fanOut(fanOut)
          .trials(3000).tMillis(List.of(t)).seed(17).build().run();
      PbsResult.Row row = result.rows().get(0);
      assertEquals(3000, result.visibility().trials());
      assertEquals(row.consistent(), Math.round(result.visibility().pConsistent(t) * 3000), profile + " t=" + t);
    }
  }

  /**
   * The same exact agreement for a random seed and random settings: every trial's window must
   * agree with its read (the experiment throws otherwise) and each row's count must match. The
   * seed is printed so that a failure can be replayed.
   */
  @Test
  void windowsAgreeWithTheReadsForARandomSeed() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("VisibilityWindowsTest random seed: " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    String profile = List.of("LNKD-SSD", "LNKD-DISK", "YMMR", "WAN").get(random.nextInt(4));
    int n = 2 + random.nextInt(4);
    int r = 1 + random.nextInt(n);
    int w = 1 + random.nextInt(n);
    FanOut fanOut = random.nextBoolean() ? FanOut.ALL : FanOut.QUORUM_ONLY;
    for (double t : List.of(0.0, random.nextDouble() * 20, random.nextDouble() * 200)) {
      PbsResult result = PbsExperiment.builder(PbsProfile.byName(profile)).quorum(n, r, w).fanOut(fanOut)
          .trials(1000).tMillis(List.of(t)).seed(seed).build().run();
      String at = String.format("seed %d (%s N=%d R=%d W=%d %s t=%s): ", seed, profile, n, r, w, fanOut, t);
      assertEquals(1000, result.visibility().trials(), at);
      assertEquals(result.rows().get(0).consistent(), Math.round(result.visibility().pConsistent(t) * 1000), at);
    }
  }

  /**
   * The point of the windows: one run at t=0 predicts P(consistent) at every later t, because a
   * read's own delays do not depend on when it starts. Checked against runs at those t.
   */
  @Test
  void windowsMeasuredAtTheCommitPredictLaterReads() {
    PbsProfile disk = PbsProfile.byName("LNKD-DISK");
    VisibilityWindows atCommit = PbsExperiment.builder(disk).trials(40_000).tMillis(List.of(0.0)).seed(3).build()
        .run().visibility();
    List<Double> later = List.of(2.0, 10.0, 45.5);
    PbsResult direct = PbsExperiment.builder(disk).trials(40_000).tMillis(later).seed(4).build().run();
    for (int i = 0; i < later.size(); i++) {
      double p = direct.rows().get(i).pConsistent();
      double predicted = atCommit.pConsistent(later.get(i));
      double sigma = Math.sqrt(2 * p * (1 - p) / 40_000);
      assertTrue(Math.abs(predicted - p) <= 4 * sigma + 1e-9, String.format(
          "t=%s: predicted %.5f, measured %.5f, 4 sigma %.5f", later.get(i), predicted, p, 4 * sigma));
    }
  }

  /**
   * LNKD-SSD, N=3, R=W=1: the WARS model's own 99.9% t-visibility is 1.97 ms (10 million trials,
   * docs/pbs-paper-check.py); the paper's estimator reported 1.85. caplab's quantile and its 95%
   * interval must contain the model's.
   */
  @Test
  void tVisibilityIsTheModelsQuantile() {
    VisibilityWindows windows = PbsExperiment.builder(PbsProfile.byName("LNKD-SSD")).trials(100_000)
        .tMillis(List.of(0.0, 1.0)).seed(8).build().run().visibility();
    VisibilityWindows.TVisibility t = windows.tVisibility(0.999);
    assertEquals(200_000, t.trials());
    assertTrue(t.lowMillis() <= 1.97 && 1.97 <= t.highMillis(), t.toString());
    assertTrue(t.lowMillis() <= t.tMillis() && t.tMillis() <= t.highMillis(), t.toString());
    assertEquals(0.0, windows.tVisibility(0.5).tMillis(), "most reads are consistent at the commit already");
  }

  @Test
  void readsThatCanNeverSeeTheWriteHaveNoTVisibility() {
    VisibilityWindows windows = PbsExperiment.builder(PbsProfile.byName("LNKD-SSD")).fanOut(FanOut.QUORUM_ONLY)
        .trials(3000).tMillis(List.of(0.0)).seed(2).build().run().visibility();
    assertEquals(Double.POSITIVE_INFINITY, windows.tVisibility(0.9).tMillis(),
        "with fan-out quorum N=3 R=W=1 two reads in three never see the write");
    assertEquals(windows.pConsistent(0), windows.pConsistent(1e6), "and waiting does not help");
  }

  /**
   * The t-visibility at p is the smallest window at which {@link VisibilityWindows#pConsistent}
   * reaches p. 0.07 * 100 is 7.000000000000001 in doubles, so ceil(p * n) took the 8th window
   * although 7 of 100 already make P = 0.07.
   */
  @Test
  void tVisibilityIsTheSmallestWindowAtWhichPReachesP() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (i + 1) * 1_000_000L; // 1 ms to 100 ms
    }
    VisibilityWindows windows = new VisibilityWindows(nanos);
    for (double p : new double[] {0.07, 0.14, 0.28, 0.5, 0.55, 0.56, 0.99}) {
      double t = windows.tVisibility(p).tMillis();
      assertTrue(windows.pConsistent(t) >= p, "p=" + p + ": P(" + t + " ms) = " + windows.pConsistent(t));
      assertTrue(windows.pConsistent(t - 1) < p, "p=" + p + ": P already reaches it at " + (t - 1) + " ms");
    }
    assertEquals(7.0, windows.tVisibility(0.07).tMillis());
  }

  @Test
  void probabilitiesOutsideZeroToOneAreRefused() {
    VisibilityWindows windows = new VisibilityWindows(new long[] {1, 2, 3});
    assertEquals("p must be in (0.0, 1.0), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> windows.tVisibility(1.0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> windows.tVisibility(0));
    assertThrows(IllegalArgumentException.class, () -> new VisibilityWindows(new long[0]).tVisibility(0.5));
  }
}
