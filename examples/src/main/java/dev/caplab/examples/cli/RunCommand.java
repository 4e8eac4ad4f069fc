package dev.caplab.examples.cli;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioOutcome;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.HtmlReport;
import dev.caplab.report.JsonReport;
import dev.caplab.report.TextReport;
import dev.caplab.history.HistoryFormat;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code caplab run NAME [--seed N] [--json] [--history FILE]}: runs one scenario and prints its
 * summary, or one JSON object. The exit code is 0 whenever the run completes,
 * whatever its checks say: a failed check is a finding of the scenario, not an error of the
 * command.
 *
 * <p>{@code --history FILE} writes the clients' recorded history in the JSON Lines format of
 * the history format (replacing FILE), for {@code caplab check}. A scenario that records no history
 * is bad input (exit 2), checked before it runs: the option is never silently ignored.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a scenario and print what happened (or one JSON object with --json).")
final class RunCommand implements Callable<Integer> {

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

  private final ScenarioCatalog catalog;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "The scenario to run (see 'caplab scenarios').")
  private String name;

  /** Kept as text so a bad seed gets caplab's message instead of picocli's generic one. */
  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Simulation.DEFAULT_SEED,
      description = "Master seed: the same seed gives the same run and trace hash (default: ${DEFAULT-VALUE}).")
  private String seed;

  @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
  private boolean asJson;

  @Option(names = "--history", paramLabel = "FILE",
      description = "Write the recorded client history (JSON Lines) to FILE, for 'caplab check'.")
  private Path historyFile;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write the run as a self-contained HTML page, DIR/index.html (DIR must be new or empty).")
  private Path reportDir;

  @Option(names = "--force", description = "With --report: write into DIR even if it is not empty.")
  private boolean force;

  RunCommand(ScenarioCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Integer call() {
    if (name == null) {
      throw new BadValueException(spec.commandLine(), "run needs the name of a scenario: "
          + String.join(", ", catalog.names()));
    }
    long parsedSeed = parseSeed(seed);
    Scenario scenario;
    try {
      scenario = catalog.get(name);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(spec.commandLine(), e.getMessage());
    }
    return run(scenario, parsedSeed);
  }

  private int run(Scenario scenario, long parsedSeed) {
    checkReportDir();
    if (historyFile != null && !scenario.recordsHistory()) {
      throw new BadValueException(spec.commandLine(), "--history: scenario " + name + " records no history");
    }
    Path dir = historyFile == null ? null : historyFile.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new BadValueException(spec.commandLine(), "--history: cannot write " + historyFile
          + ": directory " + dir + " does not exist");
    }
    ScenarioOutcome outcome = ScenarioRunner.run(scenario, parsedSeed);
    if (historyFile != null) {
      if (outcome.history() == null) {
        throw new IllegalStateException("scenario " + name + " promised a history but returned none");
      }
      try {
        HistoryFormat.write(outcome.history(), historyFile);
      } catch (IOException e) {
        throw new BadValueException(spec.commandLine(), "--history: cannot write " + historyFile + ": " + e.getMessage());
      }
    }
    if (reportDir != null) {
      try {
        Files.createDirectories(reportDir);
        Path page = HtmlReport.write(outcome.report(), reportDir);
        spec.commandLine().getErr().println("caplab: wrote " + page);
      } catch (IOException e) {
        throw new BadValueException(spec.commandLine(), "--report: cannot write " + reportDir + ": " + e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (asJson) {
      out.println(JsonReport.render(outcome.report()));
    } else {
      out.print(TextReport.render(outcome.report()));
    }
    return CaplabCommand.EXIT_OK;
  }

  /**
   * Refuses a report directory that cannot take the page before the run starts: one that is a
   * file, not empty (unless --force), or in a place that cannot be written.
   */
  private void checkReportDir() {
    if (reportDir == null) {
      if (force) {
        throw new BadValueException(spec.commandLine(), "--force only applies to --report DIR, which is missing");
      }
      return;
    }
    if (Files.exists(reportDir) && !Files.isDirectory(reportDir)) {
      throw new BadValueException(spec.commandLine(), "--report: " + reportDir + " is a file, not a directory");
    }
    if (Files.isDirectory(reportDir)) {
      boolean empty;
      try (java.util.stream.Stream<Path> entries = Files.list(reportDir)) {
        empty = entries.findAny().isEmpty();
      } catch (IOException e) {
        throw new BadValueException(spec.commandLine(), "--report: cannot read " + reportDir + ": " + e.getMessage());
      }
      if (!empty && !force) {
        throw new BadValueException(spec.commandLine(), "--report: " + reportDir
            + " is not empty; choose a new directory, or add --force to write index.html into it");
      }
      if (!Files.isWritable(reportDir)) {
        throw new BadValueException(spec.commandLine(), "--report: cannot write into " + reportDir);
      }
    } else {
      Path parent = reportDir.toAbsolutePath().getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new BadValueException(spec.commandLine(), "--report: cannot create " + reportDir
            + (parent == null ? "" : ": " + parent + " is not a writable directory"));
      }
    }
  }

  private long parseSeed(String text) {
    if (!INTEGER.matcher(text).matches()) {
      throw new BadValueException(spec.commandLine(), "--seed must be an integer, got '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadValueException(spec.commandLine(), "--seed must be between " + Long.MIN_VALUE
          + " and " + Long.MAX_VALUE + ", got '" + text + "'");
    }
  }


}
