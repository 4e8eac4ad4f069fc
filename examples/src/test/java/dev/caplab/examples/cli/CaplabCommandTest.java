package dev.caplab.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaplabCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One invocation's exit code and output, captured without a process or System.exit. */
  record Invocation(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Invocation caplab(ScenarioCatalog catalog, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CaplabCommand.execute(catalog, new PrintWriter(out), new PrintWriter(err), args);
    return new Invocation(code, out.toString(), err.toString());
  }

  static Invocation caplab(String... args) {
    return caplab(ScenarioCatalog.builtIn(), args);
  }

  static JsonNode runJson(long seed) throws Exception {
    Invocation r = caplab("run", "broadcast-partition", "--seed", Long.toString(seed), "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().lines().count(), "--json prints exactly one line: " + r.out());
    return JSON.readTree(r.out());
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    JsonNode o = runJson(7);
    List<String> fields = iterableToList(o.fieldNames());
    assertEquals(List.of("scenario", "seed", "traceHash", "simulatedNanos", "question", "variant", "metrics", "checks",
        "units"), fields);
    assertEquals("broadcast-partition", o.get("scenario").asText());
    assertEquals(7, o.get("seed").asLong());
    assertTrue(o.get("traceHash").asText().matches("^[0-9a-f]{16}$"), o.get("traceHash").asText());
    assertEquals(6_000_000_000L, o.get("simulatedNanos").asLong());
    assertTrue(o.get("metrics").isObject());
    JsonNode converged = o.get("checks").get("converged");
    assertTrue(converged.get("valid").isBoolean());
    assertTrue(converged.get("valid").asBoolean(), "converged check: " + converged);
    assertTrue(converged.get("convergenceAfterHeal").isNumber(), "convergenceAfterHeal: " + converged);
    assertEquals("ns", o.get("units").get("checks.converged.convergenceAfterHeal").asText());
  }

  @Test
  void jsonCountsPartitionDropsOnlyInsideThePartition() throws Exception {
    JsonNode byPhase = runJson(7).get("metrics").get("messagesByPhase");
    assertEquals(0, byPhase.get("before").get("dropped").get("partition").asLong());
    assertTrue(byPhase.get("during").get("dropped").get("partition").asLong() > 0, byPhase.toString());
    assertEquals(0, byPhase.get("after").get("dropped").get("partition").asLong());
  }

  @Test
  void sameSeedGivesSameTraceHashAndDifferentSeedsDiffer() throws Exception {
    String first = runJson(7).get("traceHash").asText();
    assertEquals(first, runJson(7).get("traceHash").asText());
    assertNotEquals(first, runJson(8).get("traceHash").asText());
  }

  @Test
  void textSummaryEndsWithTheTraceHashAndHowToReproduce() throws Exception {
    String hash = runJson(7).get("traceHash").asText();
    Invocation r = caplab("run", "broadcast-partition", "--seed", "7");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("trace hash " + hash, lines.get(lines.size() - 2));
    assertEquals("re-run with --seed 7 to reproduce", lines.get(lines.size() - 1));
  }

  @Test
  void textSummaryDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      for (Scenario s : ScenarioCatalog.builtIn().all()) {
        Locale.setDefault(Locale.ROOT);
        String root = caplab("run", s.name()).out();
        // Arabic (Egypt) writes its own digits and decimal separator; German a decimal comma.
        for (String tag : List.of("ar-EG", "de-DE")) {
          Locale.setDefault(Locale.forLanguageTag(tag));
          assertEquals(root, caplab("run", s.name()).out(), s.name() + " with default locale " + tag);
        }
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void scenariosListsOneLinePerScenario() {
    Invocation r = caplab("scenarios");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(ScenarioCatalog.builtIn().all().size(), lines.size(), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("register-partition ") && l.endsWith(
        "[records a history: --history FILE]")), r.out());
    assertTrue(lines.get(0).startsWith("broadcast-partition  "), lines.get(0));
  }

  @Test
  void versionAndHelpExitZero() {
    Invocation version = caplab("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("caplab "), version.out());
    Invocation help = caplab("run", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("--seed"), help.out());
  }

  @Test
  void badSeedNamesTheOptionAndTheValue() {
    Invocation r = caplab("run", "broadcast-partition", "--seed", "abc");
    assertBadInput(r);
    assertEquals(List.of("caplab: --seed must be an integer, got 'abc'"), r.errLines());
  }

  @Test
  void reportWritesOnePageIntoANewOrEmptyDirectoryAndRefusesOthersUnlessForced(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("a/b");
    Invocation r = caplab("run", "broadcast-partition", "--report", dir.toString(), "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(1, r.out().lines().count(), "JSON to stdout as without --report: " + r.out());
    String page = Files.readString(dir.resolve("index.html"));
    assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("broadcast-partition"), page.substring(0, 200));
    assertEquals(List.of("caplab: wrote " + dir.resolve("index.html")), r.errLines());

    Invocation again = caplab("run", "broadcast-partition", "--report", dir.toString());
    assertBadInput(again);
    assertEquals(List.of("caplab: --report: " + dir + " is not empty; choose a new directory, or add --force to write"
        + " index.html into it"), again.errLines());
    Invocation forced = caplab("run", "broadcast-partition", "--report", dir.toString(), "--force", "--seed", "2");
    assertEquals(0, forced.exitCode(), forced.err());
    assertTrue(Files.readString(dir.resolve("index.html")).contains("--seed 2"));

    Path file = Files.writeString(tmp.resolve("f"), "x");
    Invocation notADirectory = caplab("run", "broadcast-partition", "--report", file.toString());
    assertBadInput(notADirectory);
    assertEquals(List.of("caplab: --report: " + file + " is a file, not a directory"), notADirectory.errLines());
    Invocation underAFile = caplab("run", "broadcast-partition", "--report", file.resolve("x").toString());
    assertBadInput(underAFile);
    assertTrue(underAFile.errLines().get(0).startsWith("caplab: --report: cannot create "), underAFile.err());
  }

  @Test
  void runWithoutANameListsTheScenarios() {
    Invocation r = caplab("run");
    assertBadInput(r);
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.errLines().get(0).startsWith("caplab: run needs the name of a scenario: broadcast-partition, "),
        r.err());
  }

  @Test
  void unknownScenarioListsTheKnownOnes() {
    Invocation r = caplab("run", "x");
    assertBadInput(r);
    List<String> known = ScenarioCatalog.builtIn().names();
    assertEquals(List.of("caplab: unknown scenario 'x'; known: " + String.join(", ", known)), r.errLines());
    assertTrue(known.contains("broadcast-partition"), known.toString());
    Invocation typo = caplab("run", "broadcast-partiton");
    assertBadInput(typo);
    assertTrue(typo.errLines().get(0).startsWith("caplab: unknown scenario 'broadcast-partiton'; did you mean"
        + " 'broadcast-partition'?; known: "), typo.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "run broadcast-partition --seed abc",
      "run broadcast-partition --seed 1.5",
      "run broadcast-partition --seed 99999999999999999999",
      "run broadcast-partition --seed",
      "run nope",
      "run",
      "run broadcast-partition --force",
      "run broadcast-partition --history h.jsonl",
      "run broadcast-partition extra",
      "frobnicate",
      "",
  })
  void badInputIsOneLineOnStderrAndExitTwo(String commandLine) {
    String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
    assertBadInput(caplab(args));
  }

  @Test
  void debugShowsTheStackTrace() {
    Invocation r = caplab("run", "x", "--debug");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("\tat "), r.err());
    assertTrue(r.errLines().get(r.errLines().size() - 1).startsWith("caplab: unknown scenario 'x'"), r.err());
  }

  /**
   * A failure inside a run is an internal error in one line with exit 70 (never 1, which check
   * uses for an invalid history), for an Exception and for an Error alike: picocli hands only
   * Exceptions to its handler, so an Error (a StackOverflowError in a deep search) needs its own.
   */
  @Test
  void aFailingScenarioIsAnInternalErrorInOneLine() {
    assertInternalErrorInOneLine(new IllegalStateException("boom"),
        "caplab: internal error: java.lang.IllegalStateException: boom");
    assertInternalErrorInOneLine(new StackOverflowError("deep"),
        "caplab: internal error: java.lang.StackOverflowError: deep");
  }

  private static void assertInternalErrorInOneLine(Throwable failure, String expectedStart) {
    Scenario broken = new Scenario() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public String description() {
        return "always fails";
      }

      @Override
      public String question() {
        return "What if a scenario throws?";
      }

      @Override
      public void run(ScenarioRun run) {
        if (failure instanceof RuntimeException e) {
          throw e;
        }
        throw (Error) failure;
      }
    };
    Invocation r = caplab(ScenarioCatalog.of(broken), "run", "broken");
    assertEquals(70, r.exitCode(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith(expectedStart), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  private static void assertBadInput(Invocation r) {
    assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
    assertEquals(1, r.errLines().size(), "exactly one line on stderr, got: " + r.err());
    assertTrue(r.err().startsWith("caplab: "), r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    assertEquals("", r.out(), "nothing on stdout");
  }

  private static List<String> iterableToList(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
