package dev.caplab.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caplab.check.Counterexample;
import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Model;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import dev.caplab.history.HistoryFormatException;
import dev.caplab.history.Operation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code caplab check FILE --model register|cas-register|kv [--initial VALUE] [--json]
 * [--budget DURATION] [--max-states N] [--max-memory SIZE] [--times raw|ns]}: decides whether a history file (JSON Lines, see {@link dev.caplab.history.HistoryFormat}) is
 * linearizable and explains a "no".
 *
 * <p>Exit codes: {@value #EXIT_VALID} valid, {@value #EXIT_INVALID} invalid, {@value
 * #EXIT_UNKNOWN} unknown (a budget ran out), {@value CaplabCommand#EXIT_BAD_INPUT} bad input (an
 * unreadable or malformed file, an unknown model, a bad option value), each as one line on stderr.
 *
 * <p>{@code --initial} is the value of every register before any write: text that looks like an
 * integer ({@code -?[0-9]+}, fitting 64 bits) is that integer, anything else is that string, and
 * {@code --initial ""} is the empty string (for the string-append histories). Without it the
 * initial value is {@code null}.
 *
 * <p>{@code --times ns} prints the counterexample's times as nanoseconds in s, ms or us (caplab's
 * own histories are in nanoseconds); the default prints them as the file has them, in any unit.
 * {@code --json} always has the raw integers, and the description as the text shows it.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check whether a history file (JSON Lines) is linearizable.",
    footer = {"", "Exit codes: 0 valid, 1 invalid, 3 unknown (budget exhausted), 2 bad input."})
final class CheckCommand implements Callable<Integer> {

  /** The history is linearizable. */
  static final int EXIT_VALID = 0;
  /** The history is not linearizable. */
  static final int EXIT_INVALID = 1;
  /** A budget ran out before an answer. */
  static final int EXIT_UNKNOWN = 3;

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ns|us|ms|s|m|h)");
  private static final String DURATION_FORMS = "500ms, 2s or 1m (units: ns, us, ms, s, m, h)";
  /** The longest budget: a long of nanoseconds, about 292 years. */
  private static final Duration MAX_BUDGET = Duration.ofNanos(Long.MAX_VALUE);
  private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmg]?)", Pattern.CASE_INSENSITIVE);

  private final ObjectMapper json = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The history file (JSON Lines, one event per line).")
  private Path file;

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "register, cas-register or kv (a map of registers, checked per key).")
  private String model;

  @Option(names = "--initial", paramLabel = "VALUE",
      description = "Initial value of every register: an integer if it looks like one, else a string (\"\" allowed). Default: null.")
  private String initial;

  @Option(names = "--json", description = "Print one JSON object {\"valid\":...,\"ops\":...,\"counterexample\":...}.")
  private boolean asJson;

  @Option(names = "--budget", paramLabel = "DURATION",
      description = "Give up with 'unknown' (exit 3) after this long, e.g. 500ms, 2s, 1m. Default: no limit.")
  private String budget;

  @Option(names = "--max-states", paramLabel = "N",
      description = "Give up with 'unknown' (exit 3) once the search holds more than N states (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + Linearizability.DEFAULT_MAX_STATES)
  private String maxStates;

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Give up with 'unknown' (exit 3) once the search's memo holds about this many bytes: 512m, 2g, or bytes (default: 512m). Keep it below the Java heap.")
  private String maxMemory;

  @Option(names = "--times", paramLabel = "UNIT", defaultValue = "raw",
      description = "How the counterexample prints times: raw (as in the file, the default) or ns (the file's times are nanoseconds, as in caplab's own histories: printed in s, ms, us).")
  private String times;

  @Override
  public Integer call() throws JsonProcessingException {
    Counterexample.Times timeFormat = switch (times) {
      case "raw" -> Counterexample.Times.RAW;
      case "ns" -> Counterexample.Times.NANOSECONDS;
      default -> throw bad("--times must be raw or ns, got '" + times + "'");
    };
    Model<Object> m;
    try {
      m = Models.byName(model, parseInitial(initial));
    } catch (IllegalArgumentException e) {
      throw bad("--model: " + e.getMessage());
    }
    Linearizability.Builder checker = Linearizability.custom().maxStates(parseMaxStates(maxStates));
    if (maxMemory != null) {
      checker.maxMemory(parseMaxMemory(maxMemory));
    }
    if (budget != null) {
      checker.maxDuration(parseBudget(budget));
    }
    History history = read(file);
    ProgressLine bar = new ProgressLine(spec.commandLine().getErr());
    checker.progress(bar);
    LinearizabilityResult result;
    try {
      result = checker.build().check(history, m);
    } catch (IllegalArgumentException e) {
      throw bad(file + ": " + e.getMessage());
    } finally {
      bar.done();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (asJson) {
      out.println(json.writeValueAsString(jsonObject(result, timeFormat)));
    } else {
      out.print(text(result, timeFormat));
    }
    return switch (result.valid()) {
      case TRUE -> EXIT_VALID;
      case FALSE -> EXIT_INVALID;
      case UNKNOWN -> EXIT_UNKNOWN;
    };
  }

  /** The checker's rounds as a progress line on stderr (only when it is a terminal). */
  private static final class ProgressLine implements Linearizability.Progress {
    private final PrintWriter err;
    private Progress progress;

    ProgressLine(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void round(int keysDone, int keys, long states) {
      if (progress == null) {
        progress = Progress.of(err, "check", keys);
      }
      progress.step(keysDone, String.format(Locale.ROOT, "keys linearizable, %,d states explored", states));
    }

    void done() {
      if (progress != null) {
        progress.done();
      }
    }
  }

  /** An integer if the text looks like one and fits 64 bits, else the text itself. */
  static Object parseInitial(String text) {
    if (text == null) {
      return null;
    }
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return text; // too large for 64 bits: keep it as a string
      }
    }
    return text;
  }

  private Duration parseBudget(String text) {
    Matcher mt = DURATION.matcher(text);
    if (!mt.matches()) {
      throw bad("--budget must be a duration such as " + DURATION_FORMS + ", got '" + text + "'");
    }
    long n;
    try {
      n = Long.parseLong(mt.group(1));
    } catch (NumberFormatException e) {
      throw tooLong(text);
    }
    if (n == 0) {
      throw bad("--budget must be greater than 0, got '" + text + "'");
    }
    Duration d;
    try {
      d = switch (mt.group(2)) {
        case "ns" -> Duration.ofNanos(n);
        case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1_000L));
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> throw new AssertionError(mt.group(2));
      };
    } catch (ArithmeticException e) {
      d = null;
    }
    if (d == null || d.compareTo(MAX_BUDGET) > 0) {
      throw tooLong(text);
    }
    return d;
  }

  private BadValueException tooLong(String text) {
    return bad("--budget must be at most " + MAX_BUDGET.toSeconds() + "s (a long of nanoseconds,"
        + " about 292 years), got '" + text + "'");
  }

  /** Bytes from {@code 512m}, {@code 2g}, {@code 64k} (binary units) or a plain number. */
  private long parseMaxMemory(String text) {
    Matcher mt = SIZE.matcher(text);
    String allowed = "a size such as 512m, 2g or 1048576 (units: k, m, g; at least 1m)";
    if (!mt.matches()) {
      throw bad("--max-memory must be " + allowed + ", got '" + text + "'");
    }
    long bytes;
    try {
      int shift = switch (mt.group(2).toLowerCase(Locale.ROOT)) {
        case "k" -> 10;
        case "m" -> 20;
        case "g" -> 30;
        default -> 0;
      };
      bytes = Math.multiplyExact(Long.parseLong(mt.group(1)), 1L << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw bad("--max-memory must be at most " + Long.MAX_VALUE + " bytes, got '" + text + "'");
    }
    if (bytes < 1L << 20) {
      throw bad("--max-memory must be " + allowed + ", got '" + text + "'");
    }
    return bytes;
  }

  private long parseMaxStates(String text) {
    if (!text.matches("[0-9]+")) {
      throw bad("--max-states must be a positive integer, got '" + text + "'");
    }
    try {
      long n = Long.parseLong(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the range message
    }
    throw bad("--max-states must be between 1 and " + Long.MAX_VALUE + ", got '" + text + "'");
  }

  private History read(Path path) {
    try {
      if (Files.isDirectory(path)) {
        throw bad("cannot read " + path + ": it is a directory");
      }
      return HistoryFormat.read(path);
    } catch (HistoryFormatException e) {
      throw bad(path + ": " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw bad("cannot read " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw bad("cannot read " + path + ": permission denied");
    } catch (IOException e) {
      throw bad("cannot read " + path + ": " + e.getMessage());
    }
  }

  private BadValueException bad(String message) {
    return new BadValueException(spec.commandLine(), message);
  }

  static String text(LinearizabilityResult r, Counterexample.Times times) {
    StringBuilder s = new StringBuilder();
    s.append("valid: ").append(r.valid() == Verdict.UNKNOWN ? "unknown"
        : r.valid().name().toLowerCase(Locale.ROOT)).append('\n');
    s.append("ops: ").append(r.ops()).append('\n');
    if (r.valid() == Verdict.UNKNOWN) {
      s.append("why: ").append(r.note()).append(raise(r.note())).append('\n');
    }
    if (r.counterexample() != null) {
      s.append(r.counterexample().describe(times));
    }
    return s.toString();
  }

  /** Which option raises the budget that ran out, as " (raise --x)"; empty for the heap. */
  private static String raise(String note) {
    if (note.startsWith("state budget")) {
      return " (raise --max-states)";
    } else if (note.startsWith("memory budget")) {
      return " (raise --max-memory)";
    } else if (note.startsWith("time budget")) {
      return " (raise --budget)";
    }
    return "";
  }

  /**
   * {@code {"valid":true|false|null,"ops":N,"counterexample":null|{...}}}; the counterexample's
   * {@code state} is the typed value (a number, a string or null), its operations carry the raw
   * times.
   */
  static Map<String, Object> jsonObject(LinearizabilityResult r, Counterexample.Times times) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("valid", r.valid().asBoolean());
    o.put("ops", r.ops());
    Counterexample c = r.counterexample();
    if (c == null) {
      o.put("counterexample", null);
    } else {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("key", c.key());
      cm.put("prefix", ops(c, c.prefix()));
      cm.put("state", c.stateValue());
      cm.put("stuck", ops(c, c.stuck()));
      List<Map<String, Object>> reads = new ArrayList<>();
      for (Counterexample.StuckRead read : c.reads()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", op(c, read.read()));
        m.put("returned", read.returned() == null ? null : op(c, read.returned()));
        m.put("missed", read.missed() == null ? null : op(c, read.missed()));
        reads.add(m);
      }
      cm.put("reads", reads);
      cm.put("description", c.describe(times));
      o.put("counterexample", cm);
    }
    return o;
  }

  private static List<Map<String, Object>> ops(Counterexample c, List<Operation> ops) {
    List<Map<String, Object>> out = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      out.add(op(c, op));
    }
    return out;
  }

  private static Map<String, Object> op(Counterexample c, Operation op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process", op.process());
    String name = c.processNames().get(op.process());
    if (name != null) {
      m.put("name", name);
    }
    m.put("f", op.f().wireName());
    if (op.key() != null) {
      m.put("key", op.key());
    }
    m.put("value", op.input());
    m.put("output", op.output());
    m.put("status", op.status().wireName());
    m.put("invoke", op.invokeTime());
    m.put("complete", op.completed() ? op.completeTime() : null);
    return m;
  }
}
