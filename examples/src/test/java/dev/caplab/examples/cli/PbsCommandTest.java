package dev.caplab.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.cli.CaplabCommandTest.Invocation;
import dev.caplab.replication.pbs.PartialQuorums;
import dev.caplab.replication.pbs.PbsExperiment;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.pbs.VisibilityWindows;
import dev.caplab.time.Durations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PbsCommandTest {

  private static Invocation caplab(String... args) {
    return CaplabCommandTest.caplab(args);
  }

  private static List<String[]> csvRows(Invocation r) {
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(PbsCommand.CSV_HEADER, lines.get(0));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @Test
  void csvHasTheExactHeaderAndOneRowPerT() {
    Invocation r = caplab("pbs", "--profile", "LNKD-SSD", "--n", "3", "--r", "1", "--w", "1", "--t", "0,1,5,10",
        "--trials", "2000", "--csv");
    assertEquals("t_ms,p_consistent,trials,read_p50_ms,read_p999_ms,write_p50_ms,write_p999_ms",
        r.out().lines().findFirst().orElseThrow());
    List<String[]> rows = csvRows(r);
    assertEquals(4, rows.size());
    assertEquals(List.of("0", "1", "5", "10"), rows.stream().map(x -> x[0]).toList());
    for (String[] row : rows) {
      assertEquals(7, row.length);
      assertEquals("2000", row[2]);
      double p = Double.parseDouble(row[1]);
      assertTrue(p > 0.9 && p <= 1.0, "p_consistent " + p);
    }
    // t-visibility grows with t under fan-out all: the write keeps spreading after the commit.
    assertTrue(Double.parseDouble(rows.get(3)[1]) >= Double.parseDouble(rows.get(0)[1]));
  }

  @Test
  void sameSeedSameOutput() {
    String[] args = {"pbs", "--profile", "YMMR", "--t", "0,10", "--trials", "500", "--seed", "9", "--csv"};
    assertEquals(caplab(args).out(), caplab(args).out());
  }

  @Test
  void wanReadsAtARandomDatacenterUnlessToldToStay() {
    Invocation random = caplab("pbs", "--profile", "WAN", "--t", "0", "--trials", "3000", "--seed", "2");
    assertEquals(0, random.exitCode(), random.err());
    assertTrue(random.out().contains("reads at a random replica"), random.out());
    double p = Double.parseDouble(csvRows(caplab("pbs", "--profile", "WAN", "--t", "0", "--trials", "3000", "--seed",
        "2", "--csv")).get(0)[1]);
    assertTrue(p > 0.30 && p < 0.37, "about one read in three lands in the writer's datacenter: " + p);
    double same = Double.parseDouble(csvRows(caplab("pbs", "--profile", "WAN", "--read-at", "same", "--t", "0",
        "--trials", "3000", "--seed", "2", "--csv")).get(0)[1]);
    assertTrue(same > 0.99, "a reader in the writer's datacenter reads the committed replica: " + same);
    Invocation bad = caplab("pbs", "--profile", "WAN", "--read-at", "nearest");
    assertEquals(2, bad.exitCode());
    assertEquals("caplab: --read-at must be one of same, random, got 'nearest'", bad.err().strip());
  }

  @Test
  void textReportsTheTVisibilityFromEveryTrialsWindow() {
    Invocation partial = caplab("pbs", "--profile", "LNKD-SSD", "--t", "0,1", "--trials", "5000", "--visibility",
        "90,99.9");
    assertEquals(0, partial.exitCode(), partial.err());
    String text = partial.out().replace('\n', ' ');
    assertTrue(text.contains("t-visibility (10000 trials): P(consistent) reaches 90% already at t = 0 and 99.9% at"
        + " t = "), text);
    Invocation strict = caplab("pbs", "--profile", "LNKD-SSD", "--r", "2", "--w", "2", "--t", "0", "--trials", "500");
    assertTrue(strict.out().replace('\n', ' ').contains("99% already at t = 0 and 99.9% already at t = 0"),
        strict.out());
    Invocation never = caplab("pbs", "--profile", "LNKD-SSD", "--fanout", "quorum", "--t", "0", "--trials", "500");
    assertTrue(never.out().replace('\n', ' ').contains("99% at no t"), never.out());
    Invocation bad = caplab("pbs", "--profile", "LNKD-SSD", "--visibility", "99,100");
    assertEquals(2, bad.exitCode());
    assertEquals("caplab: --visibility values must be percentages between 0 and 100 (exclusive), got 100",
        bad.err().strip());
  }

  /**
   * {@code --visibility 99.9} is the t-visibility at p = 0.999. Dividing the percentage by 100
   * gave 0.9990000000000001, above 999/1000, so over 1000 trials the line showed the largest
   * window instead of the 999th.
   */
  @Test
  void visibilityPercentagesAreTheProbabilitiesTheySay() {
    Invocation r = caplab("pbs", "--profile", "LNKD-DISK", "--t", "0", "--trials", "1000", "--seed", "5",
        "--visibility", "99.9");
    assertEquals(0, r.exitCode(), r.err());
    VisibilityWindows windows = PbsExperiment.builder(PbsProfile.byName("LNKD-DISK")).trials(1000)
        .tMillis(List.of(0.0)).seed(5).build().run().visibility();
    double t = windows.tVisibility(0.999).tMillis();
    assertTrue(windows.tVisibility(0.9999).tMillis() > t, "the test needs the two largest windows to differ");
    String text = r.out().replace('\n', ' ');
    assertTrue(text.contains("99.9% at t = " + Durations.human(Math.round(t * 1e6)) + " "),
        "expected t = " + t + " ms: " + text);
  }

  @Test
  void textIsATableAndAnExplanation() {
    Invocation r = caplab("pbs", "--profile", "exp:1,1,1,1", "--n", "3", "--r", "2", "--w", "2", "--t", "0",
        "--trials", "200");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("P(consistent)"), r.out());
    assertTrue(r.out().contains("100.000%"), "a strict quorum is always consistent: " + r.out());
    assertTrue(r.out().contains("R+W=4 > N=3"), r.out());
  }

  /**
   * With fan-out quorum the write reaches exactly W random replicas and the read asks R random
   * ones, so a read at the commit instant misses it with probability C(N-W,R)/C(N,R), whatever the
   * latencies: checked within 4 standard errors through the command line.
   */
  @ParameterizedTest(name = "N={0} R={1} W={2}")
  @CsvSource({"5,2,2", "3,1,1", "3,1,2", "4,2,1"})
  void quorumFanOutAtTZeroMatchesTheClosedForm(int n, int r, int w) {
    int trials = 20_000;
    List<String[]> rows = csvRows(caplab("pbs", "--profile", "LNKD-DISK", "--n", "" + n, "--r", "" + r, "--w",
        "" + w, "--t", "0", "--fanout", "quorum", "--trials", "" + trials, "--seed", "" + (n * 100 + r * 10 + w),
        "--csv"));
    double observed = Double.parseDouble(rows.get(0)[1]);
    double expected = 1 - PartialQuorums.staleProbability(n, r, w);
    double sigma = Math.sqrt(expected * (1 - expected) / trials);
    assertTrue(Math.abs(observed - expected) <= 4 * sigma, String.format(
        "N=%d R=%d W=%d: p_consistent %.4f, closed form %.4f, 4 sigma %.4f", n, r, w, observed, expected, 4 * sigma));
  }

  @Test
  void closedFormExamples() {
    assertEquals(0.30, PartialQuorums.staleProbability(5, 2, 2), 1e-12);
    assertEquals(2.0 / 3, PartialQuorums.staleProbability(3, 1, 1), 1e-12);
    assertEquals(0.0, PartialQuorums.staleProbability(3, 2, 2), 1e-12);
  }

  @Test
  void unknownProfileListsTheKnownOnes() {
    Invocation r = caplab("pbs", "--profile", "FAST");
    assertBadInput(r);
    assertEquals("caplab: --profile: unknown profile 'FAST'; known: LNKD-SSD, LNKD-DISK, YMMR, WAN, exp:W,A,R,S",
        r.err().strip());
  }

  @Test
  void readQuorumLargerThanNNamesTheBound() {
    Invocation r = caplab("pbs", "--profile", "LNKD-SSD", "--n", "3", "--r", "4");
    assertBadInput(r);
    assertEquals("caplab: --r must be between 1 and N (3), got R=4", r.err().strip());
  }

  @Test
  void aCountBeyondLongNamesTheRangeItsCheckAllows() {
    Invocation r = caplab("pbs", "--profile", "LNKD-SSD", "--trials", "99999999999999999999");
    assertBadInput(r);
    assertEquals("caplab: --trials must be between 1 and 2147483647, got 99999999999999999999", r.err().strip());
    Invocation sweep = caplab("sweep", "quorum", "--r", "1,99999999999999999999");
    assertBadInput(sweep);
    assertEquals("caplab: --r must be between 1 and 2147483647, got 99999999999999999999", sweep.err().strip());
  }

  /** A t too long for virtual time was an internal error (exit 70) from inside the run. */
  @Test
  void aReadDelayBeyondVirtualTimeNamesTheBound() {
    Invocation r = caplab("pbs", "--profile", "LNKD-SSD", "--t", "0,1e13", "--trials", "10");
    assertBadInput(r);
    assertEquals("caplab: --t values must be at most " + (long) PbsExperiment.maxTMillis(10)
        + " ms with --trials 10, got 10000000000000", r.err().strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "pbs --profile LNKD-SSD --n 3 --w 4",
      "pbs --profile LNKD-SSD --n 5 --nodes 4",
      "pbs --profile LNKD-SSD --t 0,-1",
      "pbs --profile LNKD-SSD --t 0,x",
      "pbs --profile LNKD-SSD --t 0,,5",
      "pbs --profile LNKD-SSD --trials 0",
      "pbs --profile LNKD-SSD --trials many",
      "pbs --profile LNKD-SSD --n 0",
      "pbs --profile LNKD-SSD --r 0",
      "pbs --profile LNKD-SSD --fanout some",
      "pbs --profile exp:1,2,3",
      "pbs --profile exp:1,2,x,4",
      "pbs --profile exp:1,2,0,4",
      "pbs --profile LNKD-SSD --seed x",
      "pbs",
  })
  void badInputIsOneLineAndExitTwo(String commandLine) {
    assertBadInput(caplab(commandLine.split(" ")));
  }

  static void assertBadInput(Invocation r) {
    assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
    assertEquals(1, r.errLines().size(), "exactly one line on stderr, got: " + r.err());
    assertTrue(r.err().startsWith("caplab: "), r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    assertEquals("", r.out(), "nothing on stdout");
  }
}
