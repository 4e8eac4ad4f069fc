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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command outputs quoted in README.md and the docs are what the commands print: each line under a
 * quoted {@code $ ./caplab ...} (up to the next command or the end of the block), except "...", is
 * a line the command prints, so a change in how an output looks fails here until the quote is
 * updated. (The scenarios' own tests check the outputs their guides quote, e.g. quorum-tour's in
 * QuorumTourTest.)
 */
class QuotedOutputsTest {

  @TempDir Path tmp;

  @Test
  void theCircuitBreakerScenarioIsQuotedWhole() throws IOException {
    String command = "$ ./caplab run circuit-breaker";
    List<String> shown = shownUnder("../docs/circuit-breaker-scenario.md", command);
    assertEquals(run(command).lines().toList(), shown);
  }

  @Test
  void thePbsRunIsWhatPbsPrints() throws IOException {
    String command = "$ ./caplab pbs --profile LNKD-SSD --n 3 --r 1 --w 1 --t 0,1,5,10 --trials 100000";
    String printed = run(command);
    assertShown("../README.md", command, printed, 9);
    assertShown("../docs/quorum.md", command, printed, 10);
  }

  @Test
  void theBadInputLinesOfTheCheckersGuideAreWhatCheckPrints() throws IOException {
    Files.writeString(tmp.resolve("h.jsonl"), "");
    Files.writeString(tmp.resolve("bad.jsonl"), "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":1,\"time\":1}\n");
    for (String file : List.of("h.jsonl", "bad.jsonl")) {
      for (String command : commandsOn("../docs/checkers.md", file)) {
        String path = tmp.resolve(file).toString();
        String printed = run(command.replace(file, path)).replace(path, file);
        assertShown("../docs/checkers.md", command, printed, 1);
      }
    }
  }

  private static void assertShown(String doc, String command, int atLeast) throws IOException {
    assertShown(doc, command, run(command), atLeast);
  }

  private static void assertShown(String doc, String command, String printed, int atLeast) throws IOException {
    List<String> lines = printed.lines().toList();
    List<String> shown = shownUnder(doc, command);
    int compared = 0;
    for (String line : shown) {
      if (!line.equals("...")) {
        assertTrue(lines.contains(line), doc + " shows a line '" + command + "' does not print: '" + line
            + "'; it prints:\n" + printed);
        compared++;
      }
    }
    assertTrue(compared >= atLeast, doc + " quotes " + compared + " lines under '" + command + "'");
  }

  /** The lines under {@code command} in {@code doc}, up to the next command or the end of the block. */
  private static List<String> shownUnder(String doc, String command) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(doc));
    int at = lines.indexOf(command);
    assertTrue(at >= 0, doc + " quotes '" + command + "'");
    List<String> shown = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("$ ") && !lines.get(i).startsWith("```"); i++) {
      shown.add(lines.get(i));
    }
    return shown;
  }

  /** The quoted commands of {@code doc} that name {@code file}. */
  private static List<String> commandsOn(String doc, String file) throws IOException {
    List<String> commands = Files.readAllLines(Path.of(doc)).stream()
        .filter(l -> l.startsWith("$ caplab ") && Arrays.asList(l.split(" ")).contains(file)).toList();
    assertTrue(!commands.isEmpty(), doc + " quotes a command on " + file);
    return commands;
  }

  /** What the command prints, standard output then standard error, as a terminal shows both. */
  private static String run(String command) {
    String args = command.replaceFirst("^\\$ (\\./)?caplab ", "");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CaplabCommand.execute(ScenarioCatalog.builtIn(), new PrintWriter(out), new PrintWriter(err), args.split(" "));
    return out + err.toString();
  }
}
