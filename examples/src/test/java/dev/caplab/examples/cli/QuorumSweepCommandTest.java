package dev.caplab.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.cli.CaplabCommandTest.Invocation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuorumSweepCommandTest {

  private static final String HEADER = "n,r,w,fanout,read_repair,nemesis,reads,stale_reads,stale_pct,read_p50_ms,"
      + "read_p99_ms,read_p999_ms,write_p50_ms,write_p99_ms,write_p999_ms,unavailable_pct,linearizable";

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
      assertEquals(17, c.length, line);
      assertEquals(List.of("3", "all", "none", "none"), List.of(c[0], c[3], c[4], c[5]), line);
      assertTrue(List.of("true", "false", "unknown").contains(c[16]), line);
      int rr = Integer.parseInt(c[1]);
      int ww = Integer.parseInt(c[2]);
      if (rr + ww > 3) {
        assertEquals("0", c[7], "a strict quorum without faults never reads stale: " + line);
      }
    }
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
      "sweep",
      "sweep nothing",
  })
  void badInputIsOneLineAndExitTwo(String commandLine) {
    PbsCommandTest.assertBadInput(CaplabCommandTest.caplab(commandLine.split(" ")));
  }
}
