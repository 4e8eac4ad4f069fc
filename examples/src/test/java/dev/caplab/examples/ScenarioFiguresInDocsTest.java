package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.cli.CaplabCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The figures a guide's tables quote for a scenario are the scenario's own, at seed 1: in a section
 * whose heading names scenarios in backticks (for example {@code ## `telemetry-flood`}), every
 * numeric cell of a table row (a count, a percentage, a duration such as {@code 3.24 s}) must be a
 * figure the scenario prints. A change to a scenario's numbers then fails here until the guide is
 * updated.
 */
class ScenarioFiguresInDocsTest {

  private static final Pattern BACKTICKED = Pattern.compile("`([a-z0-9-]+)`");
  private static final Pattern FIGURE = Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?( ?(%|ns|us|ms|s))?");

  @Test
  void everyTableFigureInAScenarioSectionIsPrintedByTheScenario() throws IOException {
    ScenarioCatalog catalog = ScenarioCatalog.builtIn();
    Map<String, Set<String>> printed = new LinkedHashMap<>();
    int figures = 0;
    for (Path doc : QuotedOutputsTest.docs()) {
      List<String> scenarios = List.of();
      for (String line : Files.readAllLines(doc)) {
        if (line.startsWith("#")) {
          scenarios = scenariosNamedIn(line, catalog);
        } else if (!scenarios.isEmpty() && isTableRow(line)) {
          Set<String> tokens = new HashSet<>();
          for (String scenario : scenarios) {
            tokens.addAll(printed.computeIfAbsent(scenario, ScenarioFiguresInDocsTest::tokensPrintedBy));
          }
          for (String figure : figuresOf(line)) {
            assertTrue(tokens.contains(figure), doc + ": " + scenarios + " at seed 1 does not print " + figure
                + ", which this row quotes: " + line);
            figures++;
          }
        }
      }
    }
    assertTrue(figures >= 30, "table figures checked: " + figures);
  }

  @Test
  void aFigureIsANumberWithAnOptionalUnitWrittenAsTheReportWritesIt() {
    assertEquals(List.of("1492", "14.6s", "705ms", "96.32%"), figuresOf("| `none` (no jitter) | 1492 | 14.6 s | 705 ms | 96.32% | never |"));
    assertEquals(List.of(), figuresOf("| strategy | calls |"));
  }

  private static List<String> scenariosNamedIn(String heading, ScenarioCatalog catalog) {
    List<String> names = new ArrayList<>();
    Matcher m = BACKTICKED.matcher(heading);
    while (m.find()) {
      if (catalog.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static boolean isTableRow(String line) {
    return line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| ---");
  }

  /** The numeric cells after the row's first cell, with the space before a unit removed as the report prints it. */
  static List<String> figuresOf(String row) {
    List<String> cells = Arrays.asList(row.split("\\|"));
    List<String> figures = new ArrayList<>();
    for (int i = 2; i < cells.size(); i++) {
      String cell = cells.get(i).strip();
      if (FIGURE.matcher(cell).matches()) {
        figures.add(cell.replace(" ", ""));
      }
    }
    return figures;
  }

  /** The words the scenario prints at seed 1, split on spaces and on the punctuation around figures. */
  private static Set<String> tokensPrintedBy(String scenario) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = CaplabCommand.execute(ScenarioCatalog.builtIn(), new PrintWriter(out), new PrintWriter(err),
        new String[] {"run", scenario, "--seed", "1"});
    assertEquals(0, exit, scenario + ": " + err);
    Set<String> tokens = new HashSet<>();
    for (String token : out.toString().split("[\\s(),;:\\[\\]]+")) {
      tokens.add(token.replaceAll("\\.$", ""));
    }
    return tokens;
  }
}
