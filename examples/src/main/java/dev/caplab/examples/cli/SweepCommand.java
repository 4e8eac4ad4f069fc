package dev.caplab.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code caplab sweep}: parameter sweeps; the subcommand names what is swept. Not thread-safe. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run one workload over a grid of settings and print one row per setting.",
    subcommands = {QuorumSweepCommand.class})
final class SweepCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing what to sweep (quorum)");
  }
}
