package dev.caplab.examples.cli;

import static dev.caplab.examples.cli.CaplabCommandTest.caplab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.examples.cli.CaplabCommandTest.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * The Porcupine corpus kept in core's test resources, as files (the command reads a path); tests
   * run in this module's folder, as for docs/checkers.md below.
   */
  static final Path CORPUS = Path.of("../core/src/test/resources/porcupine");

  static String file(String name) {
    Path p = CORPUS.resolve(name + ".jsonl");
    assertTrue(Files.isRegularFile(p), () -> p.toAbsolutePath().normalize() + " is missing");
    return p.toString();
  }

  @Test
  void linearizableEtcdHistoryIsValidExitZero() {
    Invocation r = caplab("check", file("etcd_002"), "--model", "cas-register");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("valid: true", "ops: 77"), r.out().lines().toList());
    assertEquals("", r.err());
  }

  @Test
  void nonLinearizableEtcdHistoryIsInvalidExitOneWithACounterexample() {
    Invocation r = caplab("check", file("etcd_000"), "--model", "cas-register");
    assertEquals(1, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("valid: false", lines.get(0));
    assertEquals("ops: 85", lines.get(1));
    assertTrue(lines.get(2).startsWith("key \"x\": longest linearizable prefix has "), r.out());
    assertTrue(r.out().contains("none of these can be placed next:"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void jsonHasValidOpsAndCounterexample() throws Exception {
    Invocation ok = caplab("check", file("etcd_002"), "--model", "cas-register", "--json");
    assertEquals(0, ok.exitCode());
    assertEquals("{\"valid\":true,\"ops\":77,\"counterexample\":null}", ok.out().strip());
    Invocation bad = caplab("check", file("etcd_000"), "--model", "cas-register", "--json");
    assertEquals(1, bad.exitCode());
    assertEquals(1, bad.out().lines().count());
    JsonNode o = JSON.readTree(bad.out());
    assertEquals(List.of("valid", "ops", "counterexample"), fieldNames(o));
    assertTrue(o.get("valid").isBoolean() && !o.get("valid").asBoolean());
    JsonNode c = o.get("counterexample");
    assertTrue(c.get("prefix").isArray() && c.get("stuck").size() > 0, c.toString());
    assertEquals("x", c.get("key").asText());
    assertTrue(c.get("description").asText().startsWith("key \"x\": longest linearizable prefix"));
  }

  @Test
  void kvAppendHistoryWithEmptyInitialString() {
    Invocation r = caplab("check", file("c01-ok"), "--model", "kv", "--initial", "");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().startsWith("valid: true\n"), r.out());
    Invocation bad = caplab("check", file("c01-bad"), "--model", "kv", "--initial", "");
    assertEquals(1, bad.exitCode(), bad.out() + bad.err());
  }

  @Test
  void initialIsAnIntegerWhenItLooksLikeOne() {
    assertEquals(5L, CheckCommand.parseInitial("5"));
    assertEquals(-7L, CheckCommand.parseInitial("-7"));
    assertEquals("", CheckCommand.parseInitial(""));
    assertEquals("x1", CheckCommand.parseInitial("x1"));
    assertEquals("99999999999999999999", CheckCommand.parseInitial("99999999999999999999"));
    assertEquals(null, CheckCommand.parseInitial(null));
  }

  @Test
  void initialValueDecidesAReadOfIt() throws IOException {
    Path h = tmp.resolve("h.jsonl");
    Files.writeString(h, """
        {"process":0,"type":"invoke","f":"read","value":null,"time":1}
        {"process":0,"type":"ok","f":"read","value":0,"time":2}
        """);
    assertEquals(1, caplab("check", h.toString(), "--model", "register").exitCode());
    assertEquals(0, caplab("check", h.toString(), "--model", "register", "--initial", "0").exitCode());
  }

  @Test
  void stateBudgetGivesUnknownExitThree() throws Exception {
    Invocation r = caplab("check", file("etcd_002"), "--model", "cas-register", "--max-states", "5");
    assertEquals(3, r.exitCode(), r.out() + r.err());
    assertEquals("valid: unknown", r.out().lines().findFirst().orElseThrow());
    assertTrue(r.out().contains("state budget of 5 exhausted"), r.out());
    Invocation j = caplab("check", file("etcd_002"), "--model", "cas-register", "--max-states", "5", "--json");
    assertEquals(3, j.exitCode());
    assertEquals("{\"valid\":null,\"ops\":77,\"counterexample\":null}", j.out().strip());
  }

  @Test
  void timeBudgetGivesUnknownOnAHardHistory() {
    // c50-ok takes tens of milliseconds; the deadline is read every few thousand steps.
    Invocation r = caplab("check", file("c50-ok"), "--model", "kv", "--initial", "", "--budget", "1ms");
    assertEquals(3, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("time budget exhausted"), r.out());
  }

  @Test
  void malformedFileNamesTheLineAndReason() throws IOException {
    Path h = tmp.resolve("bad.jsonl");
    Files.writeString(h, """
        {"process":0,"type":"invoke","f":"write","value":1,"time":1}
        {"process":0,"type":"ok","f":"write","value":1,"time":2}
        {"process":1,"type":"invoke","f":"cas","value":1,"time":3}
        """);
    Invocation r = caplab("check", h.toString(), "--model", "cas-register");
    assertBadInput(r);
    assertEquals("caplab: " + h + ": line 3: value of a cas invoke must be a two-element list"
        + " [expected, new], got 1", r.err().strip());
  }

  @Test
  void badInputsAreOneLineAndExitTwo() throws IOException {
    Path ok = tmp.resolve("ok.jsonl");
    Files.writeString(ok, "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":[1,2],\"time\":1}\n");
    Invocation model = caplab("check", ok.toString(), "--model", "queue");
    assertBadInput(model);
    assertEquals("caplab: --model: unknown model \"queue\" (allowed: register, cas-register, kv)",
        model.err().strip());
    Invocation missing = caplab("check", tmp.resolve("nope.jsonl").toString(), "--model", "kv");
    assertBadInput(missing);
    assertEquals("caplab: cannot read " + tmp.resolve("nope.jsonl") + ": no such file", missing.err().strip());
    Invocation budget = caplab("check", ok.toString(), "--model", "kv", "--budget", "5x");
    assertBadInput(budget);
    assertEquals("caplab: --budget must be a duration such as 500ms, 2s or 1m (units: ns, us, ms, s, m,"
        + " h), got '5x'", budget.err().strip());
    assertBadInput(caplab("check", ok.toString(), "--model", "kv", "--budget", "0s"));
    assertBadInput(caplab("check", ok.toString(), "--model", "kv", "--max-states", "0"));
    assertBadInput(caplab("check", ok.toString(), "--model", "kv", "--max-states", "lots"));
    assertBadInput(caplab("check", ok.toString()));
    assertBadInput(caplab("check", "--model", "kv"));
    assertBadInput(caplab("check", tmp.toString(), "--model", "kv"));
    Invocation unsupported = caplab("check", ok.toString(), "--model", "register");
    assertBadInput(unsupported);
    assertTrue(unsupported.err().contains("model register does not support cas"), unsupported.err());
  }

  @Test
  void runWritesTheHistoryAndCheckReachesTheScenariosVerdict() throws Exception {
    Path h = tmp.resolve("rp.jsonl");
    Invocation run = caplab("run", "register-partition", "--seed", "7", "--json", "--history", h.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode lin = JSON.readTree(run.out()).get("checks").get("linearizable");
    assertTrue(Files.size(h) > 0);
    Invocation check = caplab("check", h.toString(), "--model", "register", "--json");
    JsonNode o = JSON.readTree(check.out());
    assertEquals(lin.get("valid").asBoolean() ? 0 : 1, check.exitCode(), check.err());
    assertEquals(lin.get("valid").asBoolean(), o.get("valid").asBoolean());
    assertEquals(lin.get("ops").asInt(), o.get("ops").asInt());
    assertEquals(lin.get("counterexample").get("prefixLength").asInt(),
        o.get("counterexample").get("prefix").size());
    // the same seed writes the same file
    Path again = tmp.resolve("again.jsonl");
    assertEquals(0, caplab("run", "register-partition", "--seed", "7", "--history", again.toString()).exitCode());
    assertEquals(Files.readString(h), Files.readString(again));
  }

  /** docs/checkers.md shows a register-partition run and the check of its history: what it shows is printed. */
  @Test
  void checkersDocShowsWhatRunAndCheckPrint() throws Exception {
    String doc = Files.readString(Path.of("../docs/checkers.md"));
    String run = "$ caplab run register-partition --seed 7 --history rp7.jsonl\n";
    String check = "$ caplab check rp7.jsonl --model register\n";
    int from = doc.indexOf(run);
    int to = doc.indexOf(check, from);
    int end = doc.indexOf("```", to);
    assertTrue(from >= 0 && to > from && end > to, "the run and check example in docs/checkers.md");
    Path history = tmp.resolve("rp7.jsonl");
    Invocation r = caplab("run", "register-partition", "--seed", "7", "--history", history.toString());
    assertEquals(0, r.exitCode(), r.err());
    Invocation c = caplab("check", history.toString(), "--model", "register");
    assertEquals(1, c.exitCode(), c.err());
    assertShown(doc.substring(from + run.length(), to), r.out());
    assertShown(doc.substring(to + check.length(), end), c.out());
  }

  /** A quoted {@code caplab check} of a corpus history, with or without the folder and "./". */
  private static final Pattern CHECK_OF_CORPUS = Pattern.compile(
      "\\$ (?:\\./)?caplab check (?:core/src/test/resources/porcupine/)?(etcd_\\d+|c\\d\\d-ok|c\\d\\d-bad)"
          + "\\.jsonl (.+)");

  /**
   * README.md and docs/checkers.md show {@code caplab check} on corpus histories: each command's
   * quoted lines (all but "...") are what it prints.
   */
  @Test
  void docsShowWhatCheckPrintsOnTheCorpus() throws IOException {
    int commands = 0;
    for (String doc : List.of("../README.md", "../docs/checkers.md")) {
      List<String> lines = Files.readAllLines(Path.of(doc));
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = CHECK_OF_CORPUS.matcher(lines.get(i));
        if (!m.matches()) {
          continue;
        }
        List<String> args = new ArrayList<>(List.of("check", file(m.group(1))));
        for (String option : m.group(2).split(" ")) {
          args.add(option.equals("\"\"") ? "" : option);
        }
        Invocation r = caplab(args.toArray(String[]::new));
        List<String> printed = r.out().lines().toList();
        int shown = 0;
        for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ")
            && !lines.get(j).startsWith("```"); j++) {
          String line = lines.get(j);
          if (!line.isBlank() && !line.strip().equals("...")) {
            assertTrue(printed.contains(line), doc + " shows '" + line + "' under '" + lines.get(i)
                + "', which prints:\n" + r.out());
            shown++;
          }
        }
        assertTrue(shown >= 2, doc + ": no output under '" + lines.get(i) + "'");
        commands++;
      }
    }
    assertEquals(5, commands, "corpus checks quoted in README.md and docs/checkers.md");
  }

  /** Every line of {@code shown} except "..." is a line of {@code printed}. */
  private static void assertShown(String shown, String printed) {
    List<String> lines = printed.lines().toList();
    for (String line : shown.lines().toList()) {
      if (!line.equals("...")) {
        assertTrue(lines.contains(line), "docs/checkers.md shows a line the command does not print: '" + line
            + "'; it prints:\n" + printed);
      }
    }
  }

  @Test
  void historyForAScenarioThatRecordsNoneIsBadInput() {
    Path h = tmp.resolve("h.jsonl");
    Invocation r = caplab("run", "broadcast-partition", "--history", h.toString());
    assertBadInput(r);
    assertEquals("caplab: --history: scenario broadcast-partition records no history", r.err().strip());
    assertTrue(Files.notExists(h));
    Invocation noDir = caplab("run", "register-partition", "--history", tmp.resolve("no/such/h.jsonl").toString());
    assertBadInput(noDir);
    assertTrue(noDir.err().contains("does not exist"), noDir.err());
  }

  private static void assertBadInput(Invocation r) {
    assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
    assertEquals(1, r.errLines().size(), "exactly one line on stderr, got: " + r.err());
    assertTrue(r.err().startsWith("caplab: "), r.err());
    assertEquals("", r.out(), "nothing on stdout");
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
