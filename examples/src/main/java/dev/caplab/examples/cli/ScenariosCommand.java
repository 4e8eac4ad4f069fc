package dev.caplab.examples.cli;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.Scenarios;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caplab scenarios}: one line per scenario, its name then what it shows. Not thread-safe. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "List the scenarios that 'caplab run' can run.")
final class ScenariosCommand implements Callable<Integer> {

  private final ScenarioCatalog catalog;
  private final Scenarios scenarios;

  @Spec private CommandSpec spec;

  ScenariosCommand(ScenarioCatalog catalog, Scenarios scenarios) {
    this.catalog = catalog;
    this.scenarios = scenarios;
  }

  @Override
  public Integer call() {
    Map<String, String> lines = new LinkedHashMap<>();
    for (Scenario s : catalog.all()) {
      lines.put(s.name(), s.description());
    }
    for (LegacyScenario s : scenarios.all()) {
      lines.put(s.name(), s.description());
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    lines.forEach((name, what) -> spec.commandLine().getOut().printf("%-" + width + "s  %s%n", name, what));
    return CaplabCommand.EXIT_OK;
  }
}
