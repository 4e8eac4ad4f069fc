package dev.caplab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.cli.CaplabCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command outputs quoted in README.md and the docs are what the commands print: every quoted
 * {@code $ caplab ...} or {@code $ ./caplab ...} line in a code block is run, and each line under it
 * (up to the next command or the end of the block), except blank lines and an elision "...", must be a line the command prints.
 * A change in how an output looks fails here until the quote is updated, and a new quote is checked
 * without a new test. (The scenarios' own tests check the tables their guides quote, e.g.
 * quorum-tour's in QuorumTourTest.)
 */
class QuotedOutputsTest {

  /** Histories a quote names by file name alone: Porcupine's, as the checkers' guide says. */
  private static final Path PORCUPINE = Path.of("../core/src/test/resources/porcupine");

  @TempDir Path tmp;

  @Test
  void everyQuotedCommandPrintsTheLinesItsQuoteShows() throws IOException {
    // The two inputs the checkers' guide shows failing: an empty history and a malformed cas.
    Files.writeString(tmp.resolve("h.jsonl"), "");
    Files.writeString(tmp.resolve("bad.jsonl"), "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":1,\"time\":1}\n");
    int commands = 0;
    for (Path doc : docs()) {
      List<String> lines = Files.readAllLines(doc);
      boolean inBlock = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("```")) {
          inBlock = !inBlock;
        } else if (inBlock && isCommand(line)) {
          assertQuoteHolds(doc, line, shownUnder(lines, i));
          commands++;
        }
      }
    }
    assertTrue(commands >= 15, "quoted commands found: " + commands);
  }

  @Test
  void theCircuitBreakerScenarioIsQuotedWhole() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../docs/circuit-breaker-scenario.md"));
    int at = lines.indexOf("$ ./caplab run circuit-breaker");
    assertTrue(at >= 0, "docs/circuit-breaker-scenario.md quotes the run");
    assertEquals(run(List.of("run", "circuit-breaker")).lines().toList(), shownUnder(lines, at));
  }

  @Test
  void quotedArgumentsKeepTheirQuotes() {
    assertEquals(List.of("check", "c01-ok.jsonl", "--initial", ""), arguments("$ caplab check c01-ok.jsonl --initial \"\""));
    assertEquals(List.of("run", "a b"), arguments("$ ./caplab run \"a b\""));
  }

  private void assertQuoteHolds(Path doc, String command, List<String> shown) {
    List<String> args = new ArrayList<>();
    List<String[]> renames = new ArrayList<>();
    for (String arg : arguments(command)) {
      String resolved = resolve(arg);
      if (!resolved.equals(arg)) {
        renames.add(new String[] {resolved, arg});
      }
      args.add(resolved);
    }
    String printed = run(args);
    for (String[] rename : renames) {
      printed = printed.replace(rename[0], rename[1]);
    }
    List<String> printedLines = printed.lines().toList();
    for (String line : shown) {
      if (!line.isBlank() && !line.strip().equals("...")) {
        assertTrue(printedLines.contains(line), doc + " shows a line '" + command + "' does not print: '" + line
            + "'; it prints:\n" + printed);
      }
    }
  }

  /** A history file named in a quote: a repository path as is, a bare Porcupine name, else a scratch file. */
  private String resolve(String arg) {
    if (!arg.endsWith(".jsonl")) {
      return arg;
    }
    if (Files.exists(Path.of("..").resolve(arg))) {
      return Path.of("..").resolve(arg).toString();
    }
    if (Files.exists(PORCUPINE.resolve(arg))) {
      return PORCUPINE.resolve(arg).toString();
    }
    return tmp.resolve(arg).toString();
  }

  /** README.md and every guide under docs/, the places that quote outputs. */
  static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("../README.md")));
    try (Stream<Path> files = Files.list(Path.of("../docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertFalse(docs.size() < 2, "docs found: " + docs);
    return docs;
  }

  private static boolean isCommand(String line) {
    return line.startsWith("$ caplab ") || line.startsWith("$ ./caplab ");
  }

  /** The lines under the command at {@code at}, up to the next command or the end of the block. */
  private static List<String> shownUnder(List<String> lines, int at) {
    List<String> shown = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("$ ") && !lines.get(i).startsWith("```"); i++) {
      shown.add(lines.get(i));
    }
    return shown;
  }

  /** The command's arguments as a shell splits them: on spaces, with double quotes grouping. */
  static List<String> arguments(String command) {
    String rest = command.replaceFirst("^\\$ (\\./)?caplab ", "");
    List<String> args = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    boolean quoted = false;
    boolean started = false;
    for (char c : rest.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        started = true;
      } else if (c == ' ' && !quoted) {
        if (started) {
          args.add(arg.toString());
        }
        arg.setLength(0);
        started = false;
      } else {
        arg.append(c);
        started = true;
      }
    }
    if (started) {
      args.add(arg.toString());
    }
    return args;
  }

  /** What the command prints, standard output then standard error, as a terminal shows both. */
  private static String run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CaplabCommand.execute(ScenarioCatalog.builtIn(), new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return out + err.toString();
  }
}
