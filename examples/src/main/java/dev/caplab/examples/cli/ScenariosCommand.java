package dev.caplab.examples.cli;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code caplab scenarios}: one line per scenario, its name then what it shows, and whether it records a
 * client history. Not thread-safe.
 */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "List the scenarios that 'caplab run' can run.")
final class ScenariosCommand implements Callable<Integer> {

  private final ScenarioCatalog catalog;

  @Spec private CommandSpec spec;

  ScenariosCommand(ScenarioCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Integer call() {
    int width = catalog.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Scenario s : catalog.all()) {
      spec.commandLine().getOut().printf("%-" + width + "s  %s%s%n", s.name(), s.description(),
          s.recordsHistory() ? " [records a history: --history FILE]" : "");
    }
    return CaplabCommand.EXIT_OK;
  }
}
