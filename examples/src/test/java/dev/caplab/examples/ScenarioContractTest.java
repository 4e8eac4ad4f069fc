package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.examples.cli.CaplabCommand;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.HtmlReport;
import dev.caplab.report.JsonReport;
import dev.caplab.report.Report;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.TextReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * What every scenario of the catalog promises, checked once for all of them: a run is a pure
 * function of its seed (in one JVM and in two), different seeds give different runs, the JSON has
 * the documented shape with a unit for every number, and the text starts with the scenario and
 * seed and ends with the trace hash and the command that reproduces it.
 */
class ScenarioContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Scenario> scenarios() {
    return ScenarioCatalog.builtIn().all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theSameSeedGivesTheSameReportAndAnotherSeedAnotherRun(Scenario s) {
    long seed = new SplittableRandom().nextLong(1, 1_000_000);
    Report a = ScenarioRunner.run(s, seed).report();
    Report b = ScenarioRunner.run(s, seed).report();
    assertEquals(JsonReport.render(a), JsonReport.render(b), s.name() + ", seed " + seed);
    assertEquals(TextReport.render(a), TextReport.render(b), s.name() + ", seed " + seed);
    Report other = ScenarioRunner.run(s, seed + 1).report();
    assertNotEquals(a.header().traceHash(), other.header().traceHash(), s.name() + ", seeds " + seed + " and " + (seed + 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void anotherJvmRunsTheSameSeedToTheSameJson(Scenario s) throws Exception {
    String here = JsonReport.render(ScenarioRunner.run(s, 2).report());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CaplabCommand.class.getName(),
        "run", s.name(), "--seed", "2", "--json").redirectErrorStream(true).start();
    String there = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked run finished");
    assertEquals(0, p.exitValue(), there);
    assertEquals(here, there);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theJsonHasTheDocumentedShapeAndAUnitForEveryNumber(Scenario s) throws IOException {
    Report r = ScenarioRunner.run(s, 1).report();
    JsonNode o = JSON.readTree(JsonReport.render(r));
    List<String> fields = new ArrayList<>();
    o.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("scenario", "seed", "traceHash", "simulatedNanos", "question", "variant", "metrics", "checks",
        "units"), fields);
    assertEquals(s.name(), o.get("scenario").asText());
    assertEquals(1, o.get("seed").asLong());
    assertTrue(o.get("traceHash").asText().matches("[0-9a-f]{16}"), o.get("traceHash").asText());
    assertTrue(o.get("checks").size() > 0, "at least one check");
    for (Iterator<Map.Entry<String, JsonNode>> it = o.get("checks").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      assertTrue(c.getValue().get("valid").isBoolean(), c.getKey() + " has a boolean verdict");
      assertTrue(c.getValue().get("statement").isTextual(), c.getKey() + " says what it checks");
    }
    List<String> leaves = new ArrayList<>();
    leaves("metrics", o.get("metrics"), leaves);
    leaves("checks", o.get("checks"), leaves);
    for (String path : leaves) {
      assertTrue(o.get("units").has(path), "no unit for " + path);
    }
    assertTrue(leaves.size() > 0, "metrics present");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theTextStartsWithTheScenarioAndEndsWithTheWayToReproduceIt(Scenario s) {
    Report r = ScenarioRunner.run(s, 3).report();
    String text = TextReport.render(r);
    assertTrue(text.startsWith(s.name() + " (seed 3)\n"), text);
    assertTrue(text.endsWith("\ntrace hash " + r.header().traceHash() + "\nre-run with --seed 3 to reproduce\n"), text);
    for (String line : text.split("\n")) {
      assertTrue(line.length() <= 120, "a line too long for a terminal: " + line);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theTextDoesNotDependOnTheDefaultLocale(Scenario s) {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      String root = TextReport.render(ScenarioRunner.run(s, 4).report());
      // Arabic (Egypt) writes its own digits and decimal separator; German a decimal comma.
      for (String tag : List.of("ar-EG", "de-DE")) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertEquals(root, TextReport.render(ScenarioRunner.run(s, 4).report()), s.name() + " with default locale " + tag);
      }
    } finally {
      Locale.setDefault(saved);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theHtmlPageIsWellFormedSmallTheSameEachTimeAndHasItsDiagram(Scenario s) throws Exception {
    Report r = ScenarioRunner.run(s, 4).report();
    String page = HtmlReport.render(r);
    assertEquals(page, HtmlReport.render(ScenarioRunner.run(s, 4).report()), "the same seed, the same page");
    assertTrue(page.length() < 5_000_000, s.name() + ": " + page.length() + " characters");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    Document doc = b.parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    assertTrue(doc.getElementsByTagName("svg").getLength() > 0, s.name() + " draws something");
    assertTrue(page.contains(r.header().command()), "the page says how to reproduce the run");
    if (s.diagram() != null) {
      assertTrue(r.blocks().stream().anyMatch(x -> x instanceof SpaceTime), s.name() + " declares a diagram window");
    }
  }

  /** Paths of the number, boolean and null leaves below {@code node} (check verdicts and statements excluded). */
  private static void leaves(String path, JsonNode node, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        boolean verdict = path.startsWith("checks.") && path.indexOf('.', "checks.".length()) < 0
            && (e.getKey().equals("valid") || e.getKey().equals("statement"));
        if (!verdict) {
          leaves(path + "." + e.getKey(), e.getValue(), out);
        }
      }
    } else {
      out.add(path);
    }
  }
}
