package dev.caplab.examples.cli;

import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.Scenarios;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caplab scenarios}: one line per scenario, its name then what it shows. Not thread-safe. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "List the scenarios that 'caplab run' can run.")
final class ScenariosCommand implements Callable<Integer> {

  private final Scenarios scenarios;

  @Spec private CommandSpec spec;

  ScenariosCommand(Scenarios scenarios) {
    this.scenarios = scenarios;
  }

  @Override
  public Integer call() {
    int width = 0;
    for (Scenario s : scenarios.all()) {
      width = Math.max(width, s.name().length());
    }
    for (Scenario s : scenarios.all()) {
      spec.commandLine().getOut().printf("%-" + width + "s  %s%n", s.name(), s.description());
    }
    return CaplabCommand.EXIT_OK;
  }
}
