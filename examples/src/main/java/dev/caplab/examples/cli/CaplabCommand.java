package dev.caplab.examples.cli;

import dev.caplab.examples.ScenarioCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code caplab} command: the root of the subcommands, the error policy and the entry point.
 *
 * <p>Error policy: an error is one line on stderr starting with {@code
 * "caplab: "}, never a stack trace unless {@code --debug} is given. Bad input (an unknown option,
 * an unparsable {@code --seed}, an unknown scenario) exits {@value #EXIT_BAD_INPUT}; a failure
 * inside a run is a bug in caplab and exits {@value #EXIT_INTERNAL_ERROR}.
 *
 * <p>{@link #execute} takes the output streams and returns the exit code, so tests run the real
 * command line without a process or {@code System.exit}. Not thread-safe: one instance per
 * invocation.
 */
@Command(
    name = "caplab",
    mixinStandardHelpOptions = true,
    versionProvider = CaplabCommand.Version.class,
    description = "Working miniatures of distributed-systems patterns over a deterministic simulated network.",
    footer = {"", "Exit codes: 0 done, 2 bad input, 70 internal error (a bug in caplab);",
        "check also: 1 invalid history, 3 unknown (budget exhausted)."})
public final class CaplabCommand implements Callable<Integer> {

  /** Exit code of a completed command. */
  public static final int EXIT_OK = 0;
  /**
   * Exit code of a failure inside caplab (a bug: re-run with --debug and report it): sysexits'
   * EX_SOFTWARE, kept apart from check's 1 (invalid) and 3 (unknown) so that a script never reads
   * a crash as a verdict.
   */
  public static final int EXIT_INTERNAL_ERROR = 70;
  /** Exit code of a command line caplab could not accept. */
  public static final int EXIT_BAD_INPUT = 2;

  private static final String PREFIX = "caplab: ";

  @Spec private CommandLine.Model.CommandSpec spec;

  private boolean debug;

  /** Shows stack traces; inherited, so it works before or after the subcommand. */
  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  void setDebug(boolean debug) {
    this.debug = debug;
  }

  private CaplabCommand() {}

  /** Runs the command line with the built-in scenarios and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(ScenarioCatalog.builtIn(), out, err, args));
  }

  /**
   * Runs the command line against {@code catalog}, writing results to {@code out} and errors to
   * {@code err}, and returns the exit code. Never calls {@code System.exit}.
   */
  public static int execute(ScenarioCatalog catalog, PrintWriter out, PrintWriter err, String... args) {
    Objects.requireNonNull(catalog, "catalog");
    CaplabCommand root = new CaplabCommand();
    CommandLine cmd = new CommandLine(root)
        .addSubcommand(new ScenariosCommand(catalog))
        .addSubcommand(new RunCommand(catalog))
        .addSubcommand(new CheckCommand())
        .addSubcommand(new PbsCommand())
        .addSubcommand(new SweepCommand());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler(root.badInput(err));
    cmd.setExecutionExceptionHandler(root.internalError(err));
    try {
      return cmd.execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the execution exception handler; an Error (a stack
      // overflow in a deep search, an out-of-memory) would reach main as a stack trace and exit 1.
      return root.reportInternalError(err, e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing a subcommand (scenarios, run, check, pbs or sweep)");
  }

  private IParameterExceptionHandler badInput(PrintWriter err) {
    return (ParameterException ex, String[] args) -> {
      if (debug) {
        ex.printStackTrace(err);
      }
      String line = PREFIX + firstLine(ex.getMessage());
      if (!(ex instanceof BadValueException)) {
        // picocli's own syntax errors say what is wrong but not what is right: point to the help.
        line += "; see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
      }
      err.println(line);
      return EXIT_BAD_INPUT;
    };
  }

  private IExecutionExceptionHandler internalError(PrintWriter err) {
    return (Exception ex, CommandLine cmd, ParseResult parsed) -> reportInternalError(err, ex);
  }

  private int reportInternalError(PrintWriter err, Throwable ex) {
    if (debug) {
      ex.printStackTrace(err);
      err.println(PREFIX + "internal error: " + firstLine(String.valueOf(ex)));
    } else {
      err.println(PREFIX + "internal error: " + firstLine(String.valueOf(ex))
          + " (re-run with --debug to see the stack trace)");
    }
    return EXIT_INTERNAL_ERROR;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String trimmed = message.strip();
    int nl = trimmed.indexOf('\n');
    return (nl < 0 ? trimmed : trimmed.substring(0, nl)).strip();
  }

  /** Reads the version Maven wrote into {@code version.properties} at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = CaplabCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read caplab's version.properties", e);
      }
      return new String[] {"caplab " + p.getProperty("version", "(unknown version)")};
    }
  }
}
