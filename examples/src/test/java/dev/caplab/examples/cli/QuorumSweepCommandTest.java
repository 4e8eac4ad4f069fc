package dev.caplab.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.cli.CaplabCommandTest.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuorumSweepCommandTest {

  private static final String HEADER = "n,r,w,fanout,read_repair,nemesis,reads,stale_reads,stale_pct,read_p50_ms,"
      + "read_p99_ms,read_p999_ms,write_p50_ms,write_p99_ms,write_p999_ms,unavailable_pct,linearizable,"
      + "unavailable_time_pct";

  @Test
  void csvHasTheExactHeaderAndOneRowPerSetting() {
    Invocation r = CaplabCommandTest.caplab("sweep", "quorum", "--n", "3", "--r", "1,2,3", "--w", "1,2,3",
        "--ops", "300", "--csv");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(HEADER, lines.get(0));
    assertEquals(10, lines.size(), r.out());
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      assertEquals(18, c.length, line);
      assertEquals(List.of("3", "all", "none", "none"), List.of(c[0], c[3], c[4], c[5]), line);
      assertTrue(List.of("true", "false", "unknown").contains(c[16]), line);
      int rr = Integer.parseInt(c[1]);
      int ww = Integer.parseInt(c[2]);
      if (rr + ww > 3) {
        assertEquals("0", c[7], "a strict quorum without faults never reads stale: " + line);
      }
    }
  }

  /**
   * The CSV is a rendering of the sweep's report and is what it was before, byte for byte: the
   * same columns and figures, with unavailability per unit of time appended as the last column.
   */
  @Test
  void csvKeepsItsColumnsAndFiguresAndAppendsUnavailableTime() {
    Invocation r = CaplabCommandTest.caplab("sweep", "quorum", "--r", "1,3", "--w", "1,2", "--ops", "300", "--csv");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    List<String> before = List.of(
        "n,r,w,fanout,read_repair,nemesis,reads,stale_reads,stale_pct,read_p50_ms,read_p99_ms,read_p999_ms,"
            + "write_p50_ms,write_p99_ms,write_p999_ms,unavailable_pct,linearizable",
        "3,1,1,all,none,none,137,14,10.219,1.004,3.705,3.820,2.022,11.928,13.050,0.000,false",
        "3,1,2,all,none,none,141,6,4.255,1.001,2.877,3.119,3.453,16.155,19.186,0.000,false",
        "3,3,1,all,none,none,138,0,0.000,1.106,3.840,4.010,2.034,7.053,12.222,0.000,true",
        "3,3,2,all,none,none,142,0,0.000,1.103,3.809,3.938,3.183,14.901,20.578,0.000,true");
    assertEquals(before.size(), lines.size(), r.out());
    assertEquals(before.get(0) + ",unavailable_time_pct", lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      assertEquals(before.get(i) + ",0.000", lines.get(i));
    }
  }

  /**
   * With crashed replicas a read that waits for all N fails until they are back, and each failed
   * attempt waits for its timeout, so it makes few: the share of operations that fail hardly
   * shows it (0.1% against 0.4%), the share of the clients' time without answers does.
   */
  @Test
  void unavailabilityIsPerUnitOfTimeAndGrowsWithTheReadQuorum() {
    Invocation r = CaplabCommandTest.caplab("sweep", "quorum", "--r", "1,3", "--w", "1", "--ops", "2000",
        "--nemesis", "crashes", "--csv");
    assertEquals(0, r.exitCode(), r.err());
    List<String[]> rows = r.out().lines().skip(1).map(l -> l.split(",", -1)).toList();
    double opsR1 = Double.parseDouble(rows.get(0)[15]);
    double opsR3 = Double.parseDouble(rows.get(1)[15]);
    double timeR1 = Double.parseDouble(rows.get(0)[17]);
    double timeR3 = Double.parseDouble(rows.get(1)[17]);
    assertTrue(opsR3 < 1 && timeR3 > 1.5 * timeR1, "R=3 waits for every replica, so crashes cost it more time: R=1 "
        + timeR1 + "%, R=3 " + timeR3 + "% (per operation " + opsR1 + "% and " + opsR3 + "%)");
    assertTrue(timeR1 > 10 * opsR1, "a failed attempt lasts longer than a successful one: " + r.out());
    Invocation text = CaplabCommandTest.caplab("sweep", "quorum", "--r", "1", "--w", "1", "--ops", "300");
    assertTrue(text.out().contains("unavailable time"), text.out());
    assertTrue(text.out().replace('\n', ' ').contains("per unit of time, not per operation"), text.out());
  }

  @Test
  void jsonAndHtmlAreRenderingsOfTheSameSweep(@TempDir Path dir) throws IOException {
    Invocation json = CaplabCommandTest.caplab("sweep", "quorum", "--r", "1", "--w", "1,2", "--ops", "300", "--json",
        "--report", dir.resolve("r").toString());
    assertEquals(0, json.exitCode(), json.err());
    assertTrue(json.out().startsWith("{\"scenario\":\"sweep quorum\",\"seed\":1,"), json.out());
    assertTrue(json.out().contains("\"r1w2\":{\"reads\":141,\"staleReads\":6,"), json.out());
    assertTrue(json.out().contains("\"metrics.r1w1.fractionUnavailableTime\":\"ratio\""), json.out());
    String html = Files.readString(dir.resolve("r").resolve("index.html"));
    assertTrue(html.contains("unavailable time") && html.contains("4.26%"), "the stale share of R=1 W=2");
    Invocation both = CaplabCommandTest.caplab("sweep", "quorum", "--csv", "--json");
    PbsCommandTest.assertBadInput(both);
    assertEquals("caplab: --csv and --json both choose the output: pass one", both.err().strip());
  }

  @Test
  void partialQuorumsReadStaleValues() {
    Invocation r = CaplabCommandTest.caplab("sweep", "quorum", "--r", "1", "--w", "1", "--ops", "1000", "--csv");
    String[] c = r.out().lines().toList().get(1).split(",");
    assertTrue(Long.parseLong(c[7]) > 0, "R=W=1 under LNKD-DISK should read stale values: " + r.out());
    assertEquals("false", c[16], r.out());
  }

  @Test
  void nemesisSettingsRun() {
    for (String nemesis : List.of("partitions", "crashes")) {
      Invocation r = CaplabCommandTest.caplab("sweep", "quorum", "--r", "2", "--w", "2", "--ops", "400",
          "--nemesis", nemesis, "--read-repair", "async", "--fanout", "quorum", "--csv");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().lines().toList().get(1).startsWith("3,2,2,quorum,async," + nemesis + ","), r.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sweep quorum --n 3 --r 1,4",
      "sweep quorum --n 3 --w 4",
      "sweep quorum --n 6",
      "sweep quorum --r 1,x",
      "sweep quorum --r 0",
      "sweep quorum --fanout most",
      "sweep quorum --read-repair sometimes",
      "sweep quorum --nemesis chaos",
      "sweep quorum --profile FAST",
      "sweep quorum --ops 0",
      "sweep quorum --seed 1.5",
      "sweep quorum --r 1,1",
      "sweep quorum --w 2,1,2",
      "sweep quorum --force",
      "sweep quorum --report pom.xml",
      "sweep",
      "sweep nothing",
  })
  void badInputIsOneLineAndExitTwo(String commandLine) {
    PbsCommandTest.assertBadInput(CaplabCommandTest.caplab(commandLine.split(" ")));
  }
}
