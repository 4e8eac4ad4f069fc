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
import org.junit.jupiter.params.provider.CsvSource;

class WindowCommandTest {

  private static final Path TEAM_SCORES = Path.of("../docs/streaming-team-scores.csv");

  @TempDir Path tmp;

  private Path file(String... lines) throws IOException {
    Path p = tmp.resolve("in.csv");
    Files.write(p, List.of(lines));
    return p;
  }

  private static Invocation caplab(String... args) {
    return CaplabCommandTest.caplab(args);
  }

  private static List<String> ok(Invocation r) {
    assertEquals(0, r.exitCode(), r.err());
    return r.out().lines().toList();
  }

  /** The team-score example: on-time, late within lateness (accumulating), late beyond it, a warning. */
  @Test
  void teamScoresAccumulating() {
    Invocation r = caplab("window", "--assigner", "tumbling:120000", "--lateness", "60000", "--input",
        TEAM_SCORES.toString());
    assertEquals(List.of(
        "fire,8,team,0,120000,5,ON_TIME",
        "fire,10,team,0,120000,14,LATE",
        "fire,11,team,120000,240000,18,ON_TIME",
        "late,12,team,1,60000",
        "fire,14,team,240000,360000,4,ON_TIME"), ok(r));
    assertEquals("caplab: warning: line 13: watermark 200000 is below the current watermark 239999; ignored (a"
        + " watermark never goes back)\n", r.err());
  }

  @Test
  void teamScoresDiscarding() {
    Invocation r = caplab("window", "--assigner", "tumbling:120000", "--lateness", "60000", "--trigger", "purging",
        "--input", TEAM_SCORES.toString());
    assertEquals(List.of(
        "fire,8,team,0,120000,5,ON_TIME",
        "fire,10,team,0,120000,9,LATE",
        "fire,11,team,120000,240000,18,ON_TIME",
        "late,12,team,1,60000",
        "fire,14,team,240000,360000,4,ON_TIME"), ok(r));
  }

  @Test
  void withoutLatenessTheLateScoreIsSideOutput() {
    Invocation r = caplab("window", "--assigner", "tumbling:120000", "--input", TEAM_SCORES.toString());
    assertEquals(List.of(
        "fire,8,team,0,120000,5,ON_TIME",
        "late,10,team,9,86000",
        "fire,11,team,120000,240000,18,ON_TIME",
        "late,12,team,1,60000",
        "fire,14,team,240000,360000,4,ON_TIME"), ok(r));
  }

  /** Flink's docs: sliding windows of 10 with slide 5; the rest fires at the end of the input. */
  @Test
  void slidingWindowsAndTheFinalWatermark() throws IOException {
    Path in = file("event,a,1,0", "event,a,2,7", "# a comment", "", "watermark,9", "event,b,4,12");
    assertEquals(List.of(
        "fire,5,a,-5,5,1,ON_TIME",
        "fire,5,a,0,10,3,ON_TIME",
        "fire,7,a,5,15,2,ON_TIME",
        "fire,7,b,5,15,4,ON_TIME",
        "fire,7,b,10,20,4,ON_TIME"), ok(caplab("window", "--assigner", "sliding:10:5", "--input", in.toString())));
    assertEquals(List.of("fire,5,a,-5,5,1,ON_TIME", "fire,5,a,0,10,3,ON_TIME"),
        ok(caplab("window", "--assigner", "sliding:10:5", "--input", in.toString(), "--no-final-watermark")));
  }

  @Test
  void sessionsMergeWhenTheyTouchAndAggregationsAreSelectable() throws IOException {
    Path in = file("event,u,3,0", "event,u,5,10", "event,u,4,25", "watermark,19", "watermark,100");
    assertEquals(List.of("fire,4,u,0,20,4,ON_TIME", "fire,5,u,25,35,4,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "avg", "--input", in.toString())));
    assertEquals(List.of("fire,4,u,0,20,2,ON_TIME", "fire,5,u,25,35,1,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "count", "--input", in.toString())));
    assertEquals(List.of("fire,4,u,0,20,3,ON_TIME", "fire,5,u,25,35,4,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "min", "--input", in.toString())));
    assertEquals(List.of("fire,4,u,0,20,5,ON_TIME", "fire,5,u,25,35,4,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "MAX", "--input", in.toString())));
    Path odd = file("event,u,1,0", "event,u,2,1");
    assertEquals(List.of("fire,3,u,0,11,1.5,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "avg", "--input", odd.toString())));
  }

  /** Sessions merge their HyperLogLog sketches: a value seen in both halves counts once. */
  @Test
  void distinctCountsShowTheirBoundsAndMergeInSessions() throws IOException {
    Path in = file("event,u,7,0", "event,u,8,2", "event,u,8,20", "event,u,9,22", "event,u,7,12", "watermark,100");
    assertEquals(List.of("fire,6,u,0,32,3[3..4],ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "distinct", "--input", in.toString())));
    assertEquals(List.of("fire,6,u,0,10,2[2..3],ON_TIME", "fire,6,u,10,20,1[1..2],ON_TIME",
        "fire,6,u,20,30,2[2..3],ON_TIME"),
        ok(caplab("window", "--assigner", "tumbling:10", "--agg", "distinct", "--input", in.toString())));
  }

  @Test
  void percentilesAreNearestRankAndMergeInSessions() throws IOException {
    Path in = file("event,u,10,0", "event,u,20,2", "event,u,40,20", "event,u,50,22", "event,u,30,12",
        "event,u,1000,24", "watermark,100");
    assertEquals(List.of("fire,7,u,0,34,30,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "p50", "--input", in.toString())));
    assertEquals(List.of("fire,7,u,0,34,50,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "p80", "--input", in.toString())));
    assertEquals(List.of("fire,7,u,0,34,1003,ON_TIME"), // 1000 to 2 significant digits, rounded up
        ok(caplab("window", "--assigner", "session:10", "--agg", "P99.9", "--input", in.toString())));
    assertEquals(List.of("fire,7,u,0,34,10,ON_TIME"),
        ok(caplab("window", "--assigner", "session:10", "--agg", "p0", "--input", in.toString())));
  }

  @Test
  void percentilesRejectNegativeValuesWithTheirLine() throws IOException {
    Path in = file("event,u,3,0", "event,u,-3,1");
    Invocation r = caplab("window", "--assigner", "tumbling:10", "--agg", "p99", "--input", in.toString());
    assertEquals(2, r.exitCode());
    assertEquals("caplab: " + in + " line 2: value must be >= 0, got -3 (--agg p99 takes values >= 0)\n", r.err());
  }

  @Test
  void tumblingOffsetShiftsTheWindows() throws IOException {
    Path in = file("event,k,1,1", "event,k,1,2");
    assertEquals(List.of("fire,3,k,-3,2,1,ON_TIME", "fire,3,k,2,7,1,ON_TIME"),
        ok(caplab("window", "--assigner", "tumbling:5:2", "--input", in.toString())));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tumbling:0|--assigner tumbling size must be >= 1 (ms), got 0",
      "tumbling:-5|--assigner tumbling size must be >= 1 (ms), got -5",
      "tumbling:x|--assigner tumbling size must be an integer (ms), got 'x'",
      "tumbling:10:10|--assigner tumbling offset must be in (-SIZE, SIZE) = (-10, 10), got 10",
      "sliding:10:11|--assigner sliding slide must be <= SIZE (10), got 11",
      "sliding:10:0|--assigner sliding slide must be >= 1 (ms), got 0",
      "sliding:10:5:5|--assigner sliding offset must be in (-SLIDE, SLIDE) = (-5, 5), got 5",
      "sliding:10|--assigner must be tumbling:SIZE[:OFFSET], sliding:SIZE:SLIDE[:OFFSET] or session:GAP (ms), got"
          + " 'sliding:10'",
      "session:0|--assigner session gap must be >= 1 (ms), got 0",
      "hopping:5|--assigner must be tumbling:SIZE[:OFFSET], sliding:SIZE:SLIDE[:OFFSET] or session:GAP (ms), got"
          + " 'hopping:5'"})
  void badAssignersNameTheParameterAndTheRule(String spec, String message) throws IOException {
    Invocation r = caplab("window", "--assigner", spec, "--input", file("event,a,1,1").toString());
    assertEquals(2, r.exitCode());
    assertEquals("caplab: " + message + "\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void badOptionsAreRejected() throws IOException {
    String in = file("event,a,1,1").toString();
    Invocation r = caplab("window", "--assigner", "tumbling:5", "--lateness", "-1", "--input", in);
    assertEquals(2, r.exitCode());
    assertEquals("caplab: --lateness must be >= 0 (ms), got -1\n", r.err());
    r = caplab("window", "--assigner", "tumbling:5", "--trigger", "count", "--input", in);
    assertEquals("caplab: --trigger must be one of event-time, purging, got 'count'\n", r.err());
    r = caplab("window", "--assigner", "tumbling:5", "--agg", "median", "--input", in);
    assertEquals("caplab: --agg must be one of sum, count, min, max, avg, distinct or a percentile p0 to p100 (p50,"
        + " p99, p99.9), got 'median'\n", r.err());
    r = caplab("window", "--assigner", "tumbling:5", "--agg", "p100.1", "--input", in);
    assertEquals("caplab: --agg must be a percentile between p0 and p100, got 'p100.1'\n", r.err());
    r = caplab("window", "--assigner", "tumbling:5", "--agg", "p-1", "--input", in);
    assertEquals(2, r.exitCode());
    r = caplab("window", "--assigner", "tumbling:5", "--input", tmp.resolve("none.csv").toString());
    assertEquals("caplab: cannot read " + tmp.resolve("none.csv") + ": no such file\n", r.err());
    r = caplab("window", "--assigner", "tumbling:5", "--input", tmp.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("it is a directory"), r.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "event,a,1|line 2: an event line must be event,KEY,VALUE,TIMESTAMP (4 fields), got 3 fields: 'event,a,1'",
      "event,a,1,2,3|line 2: an event line must be event,KEY,VALUE,TIMESTAMP (4 fields), got 5 fields: 'event,a,1,2,3'",
      "event,a,1,soon|line 2: TIMESTAMP must be an integer between -9223372036854775808 and 9223372036854775807,"
          + " got 'soon'",
      "event,a,1.5,3|line 2: VALUE must be an integer between -9223372036854775808 and 9223372036854775807, got '1.5'",
      "event,a,1,99999999999999999999|line 2: TIMESTAMP must be an integer between -9223372036854775808 and"
          + " 9223372036854775807, got '99999999999999999999'",
      "event,,1,3|line 2: KEY must not be empty: 'event,,1,3'",
      "watermark|line 2: a watermark line must be watermark,TIMESTAMP (2 fields), got 1 fields: 'watermark'",
      "watermark,x|line 2: TIMESTAMP must be an integer between -9223372036854775808 and 9223372036854775807,"
          + " got 'x'",
      "punctuation,3|line 2: a line must start with event or watermark, got 'punctuation'"})
  void badLinesReportTheirLineNumber(String line, String message) throws IOException {
    Path in = file("event,a,1,1", line);
    Invocation r = caplab("window", "--assigner", "tumbling:5", "--input", in.toString());
    assertEquals(2, r.exitCode());
    assertEquals("caplab: " + in + " " + message + "\n", r.err());
    assertEquals("", r.out(), "nothing is emitted from a file that does not parse");
  }
}
