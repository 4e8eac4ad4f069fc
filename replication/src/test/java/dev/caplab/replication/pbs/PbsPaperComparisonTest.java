package dev.caplab.replication.pbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * caplab's PBS measurement against the PBS paper (Bailis et al., VLDB 2012; the same table is in
 * the CACM 2014 version). The paper computes t-visibility with its WARS model, so the first test
 * runs the real protocol over the simulated network and checks it against an independent WARS Monte
 * Carlo ({@link WarsModel}) at the paper's t values (where the paper says P reaches 99.9%) and at
 * t=0. The second checks the 99.9th percentile latencies against the paper's Table 4 where they are
 * tail-stable enough for a unit test. docs/quorum.md has the full comparison.
 */
class PbsPaperComparisonTest {

  private static final int MODEL_TRIALS = 400_000;

  @ParameterizedTest(name = "{0} R={1} W={2} t={3} ms")
  @CsvSource({
      "LNKD-SSD, 1, 1, 0", "LNKD-SSD, 1, 1, 1.85", "LNKD-SSD, 1, 2, 1.79",
      "LNKD-DISK, 1, 1, 0", "LNKD-DISK, 1, 1, 10", "LNKD-DISK, 1, 1, 45.5", "LNKD-DISK, 2, 1, 13.6",
      "YMMR, 1, 1, 0", "YMMR, 1, 1, 1364", "YMMR, 2, 1, 202",
      "WAN, 1, 1, 0", "WAN, 1, 1, 113", "WAN, 2, 1, 0", "WAN, 2, 1, 30.2"})
  void theProtocolMatchesThePapersWarsModel(String profile, int r, int w, double t) {
    int trials = 20_000;
    long seed = 31L * profile.hashCode() + 7L * r + w + Double.hashCode(t);
    PbsResult result = PbsExperiment.builder(PbsProfile.byName(profile)).quorum(3, r, w).trials(trials)
        .tMillis(List.of(t)).seed(seed).build().run();
    PbsResult.Row row = result.rows().get(0);
    assertEquals(0, row.failed(), "no trial may time out");
    double measured = row.pConsistent();
    double model = WarsModel.of(profile).pConsistent(3, r, w, t, MODEL_TRIALS, seed);
    double variance = model * (1 - model);
    double sigma = Math.sqrt(variance / trials + variance / MODEL_TRIALS);
    assertTrue(Math.abs(measured - model) <= 4 * sigma + 1e-9, String.format(
        "%s R=%d W=%d t=%s: caplab %.5f, WARS model %.5f, 4 sigma %.5f (seed %d)", profile, r, w, t, measured,
        model, 4 * sigma, seed));
  }

  /**
   * The paper's Table 4 p99.9 latencies (N=3, ms) for the rows whose tails are short enough that a
   * 200,000-trial p99.9 is stable to about 1.2% (one standard deviation, from the WARS model), so a
   * 5% bound is about four; the heavy Pareto tails (LNKD-DISK and YMMR writes) are compared in
   * docs/quorum.md over 500,000 trials instead.
   */
  @ParameterizedTest(name = "{0} R={1} W={2}: read {3} ms, write {4} ms")
  @CsvSource({
      "LNKD-SSD, 1, 1, 0.66, 0.66", "LNKD-SSD, 2, 1, 1.63, 0.65", "LNKD-SSD, 2, 2, 1.62, 1.64",
      "LNKD-SSD, 3, 1, 4.14, 0.65", "LNKD-SSD, 1, 3, 0.65, 4.09", "WAN, 2, 2, 151.31, 167.72",
      "WAN, 3, 1, 153.86, 55.19"})
  void latencyTailsMatchThePapersTable4(String profile, int r, int w, double readP999, double writeP999) {
    PbsResult.Row row = PbsExperiment.builder(PbsProfile.byName(profile)).quorum(3, r, w).trials(200_000)
        .tMillis(List.of(0.0)).seed(r * 10L + w).build().run().rows().get(0);
    assertEquals(readP999, row.readP999Millis(), 0.05 * readP999, "read p99.9");
    if (!(profile.equals("WAN") && w == 1)) { // WAN W=1 writes end on one LNKD-DISK round trip: a Pareto tail
      assertEquals(writeP999, row.writeP999Millis(), 0.05 * writeP999, "write p99.9");
    }
  }
}
