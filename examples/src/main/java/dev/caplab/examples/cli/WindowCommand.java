package dev.caplab.examples.cli;

import dev.caplab.streaming.sketch.DistinctCount;
import dev.caplab.streaming.sketch.DistinctCountConfig;
import dev.caplab.streaming.sketch.DistinctEstimate;
import dev.caplab.streaming.sketch.PercentileSummary;
import dev.caplab.streaming.sketch.Percentiles;
import dev.caplab.streaming.sketch.PercentilesConfig;
import dev.caplab.streaming.window.LateDataSink;
import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.Trigger;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caplab window}: replays a file of elements and watermarks through a keyed {@link
 * WindowedAggregator} and prints what it emits, so that Flink's or the Streaming Systems book's
 * examples can be replayed and read line by line.
 *
 * <p>Input, one item a line ({@code #} comments and blank lines allowed): {@code
 * event,KEY,VALUE,TIMESTAMP} (an integer value, a timestamp in ms) or {@code watermark,TIMESTAMP}.
 * Output, in emission order: {@code fire,STEP,KEY,WINDOW_START,WINDOW_END,VALUE,PANE} and {@code
 * late,STEP,KEY,VALUE,TIMESTAMP}, where STEP is the 1-based number of the input line that caused
 * it. At the end of the input the watermark goes to the end of time, as at the end of a bounded
 * input in Flink, firing what is left; that is step (lines + 1). {@code --no-final-watermark} skips
 * it. A watermark below the current one is ignored with a warning on stderr, as Flink ignores it.
 * {@code --agg distinct} prints a HyperLogLog estimate with its bounds at 95.4% confidence, {@code
 * ESTIMATE[LOW..HIGH]}; {@code --agg p99} (any {@code pN}, N from 0 to 100) the percentile from an
 * HdrHistogram of 2 significant digits, for values {@code >= 0}.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "window", mixinStandardHelpOptions = true,
    description = "Replay elements and watermarks (CSV) through keyed event-time windows; print the panes and late"
        + " elements.")
final class WindowCommand implements Callable<Integer> {

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern PERCENTILE = Pattern.compile("p([0-9]+(\\.[0-9]+)?)");
  private static final List<String> LONG_AGGREGATIONS = List.of("sum", "count", "min", "max", "avg");
  private static final String ASSIGNER_FORMS = "tumbling:SIZE[:OFFSET], sliding:SIZE:SLIDE[:OFFSET] or session:GAP"
      + " (ms)";

  @Spec private CommandSpec spec;

  /** The number of lines in the input file. */
  private int lastLine;

  @Option(names = "--assigner", required = true, paramLabel = "SPEC",
      description = "tumbling:SIZE[:OFFSET], sliding:SIZE:SLIDE[:OFFSET] or session:GAP, in ms.")
  private String assigner;

  @Option(names = "--lateness", paramLabel = "MS", defaultValue = "0",
      description = "Allowed lateness in ms (default: ${DEFAULT-VALUE}).")
  private String lateness;

  @Option(names = "--trigger", paramLabel = "event-time|purging", defaultValue = "event-time",
      description = "event-time (accumulating panes) or purging (discarding panes) (default: ${DEFAULT-VALUE}).")
  private String trigger;

  @Option(names = "--agg", paramLabel = "sum|count|min|max|avg|distinct|pN", defaultValue = "sum",
      description = "The aggregation of the values: sum, count, min, max, avg, distinct (a HyperLogLog estimate with"
          + " its 95.4% bounds) or a percentile pN such as p50, p99, p99.9 (default: ${DEFAULT-VALUE}).")
  private String agg;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "CSV lines event,KEY,VALUE,TIMESTAMP and watermark,TIMESTAMP (# comments allowed).")
  private Path input;

  @Option(names = "--no-final-watermark",
      description = "Do not advance the watermark to the end of time after the last line.")
  private boolean noFinalWatermark;

  /** One parsed input line. */
  private record Item(int line, boolean event, String key, long value, long timestamp) {}

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    WindowAssigner windows = parseAssigner(cmd, assigner);
    long latenessMs = parseMillis(cmd, "--lateness", lateness, 0);
    Trigger t = Values.oneOf(cmd, "--trigger", trigger, List.of("event-time", "purging")).equals("purging")
        ? Trigger.PURGING_EVENT_TIME : Trigger.EVENT_TIME;
    String a = agg.strip().toLowerCase(Locale.ROOT);
    Double quantile = null;
    if (PERCENTILE.matcher(a).matches()) {
      quantile = quantile(cmd, a);
    } else if (!a.equals("distinct") && !LONG_AGGREGATIONS.contains(a)) {
      throw new BadValueException(cmd, "--agg must be one of sum, count, min, max, avg, distinct or a percentile p0 to"
          + " p100 (p50, p99, p99.9), got '" + agg + "'");
    }
    List<Item> items = read(cmd, input);

    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    int[] step = new int[1];
    WindowConfig config = WindowConfig.custom().assigner(windows).trigger(t)
        .allowedLateness(Duration.ofMillis(latenessMs)).build();
    LateDataSink<String, Long> late = (key, value, ts, wm) -> out.println("late," + step[0] + "," + key + "," + value
        + "," + ts);
    WindowedAggregator<String, Long, ?> op;
    if (quantile != null) {
      op = build(WindowedAggregator.<String, Long, PercentileSummary>aggregate(
          new Percentiles(PercentilesConfig.custom().quantiles(quantile).build())), config, late, out, step,
          s -> Long.toString(s.quantiles().get(0).value()));
    } else if (a.equals("distinct")) {
      op = build(WindowedAggregator.<String, Long, DistinctEstimate>aggregate(
          DistinctCount.longs(DistinctCountConfig.ofDefaults())), config, late, out, step, DistinctEstimate::toString);
    } else {
      LongAggregation aggregation = a.equals("avg") ? LongAggregation.AVERAGE
          : LongAggregation.valueOf(a.toUpperCase(Locale.ROOT));
      op = build(WindowedAggregator.<String>longs(aggregation), config, late, out, step, WindowCommand::number);
    }
    for (Item item : items) {
      step[0] = item.line();
      if (item.event()) {
        try {
          op.processLong(item.key(), item.value(), item.timestamp());
        } catch (IllegalArgumentException e) {
          if (quantile == null) {
            throw e;
          }
          throw new BadValueException(cmd, input + " line " + item.line() + ": " + e.getMessage() + " (--agg " + agg
              + " takes values >= 0)");
        }
      } else if (item.timestamp() < op.currentWatermark()) {
        out.flush();
        err.println("caplab: warning: line " + item.line() + ": watermark " + item.timestamp()
            + " is below the current watermark " + op.currentWatermark() + "; ignored (a watermark never goes back)");
      } else {
        op.advanceWatermark(item.timestamp());
      }
    }
    if (!noFinalWatermark) {
      step[0] = lastLine + 1;
      op.advanceWatermark(Long.MAX_VALUE);
    }
    return CaplabCommand.EXIT_OK;
  }

  private static <OUT> WindowedAggregator<String, Long, OUT> build(WindowedAggregator.Builder<String, Long, OUT> b,
      WindowConfig config, LateDataSink<String, Long> late, PrintWriter out, int[] step, Function<OUT, String> value) {
    return b.config(config).lateDataOutput(late)
        .build(pane -> out.println(fireLine(step[0], pane, value.apply(pane.value()))));
  }

  static String fireLine(int step, Pane<String, ?> pane, String value) {
    return "fire," + step + "," + pane.key() + "," + pane.window().start() + "," + pane.window().end() + ","
        + value + "," + pane.kind();
  }

  /** The quantile of {@code pN}: N / 100, N from 0 to 100. */
  private static double quantile(CommandLine cmd, String percentile) {
    BigDecimal q = new BigDecimal(percentile.substring(1)).movePointLeft(2);
    if (q.compareTo(BigDecimal.ONE) > 0) {
      throw new BadValueException(cmd, "--agg must be a percentile between p0 and p100, got '" + percentile + "'");
    }
    return q.doubleValue();
  }

  /** A long as is; a double in its shortest exact decimal form ({@code 2.5}, {@code 3}). */
  static String number(Number n) {
    if (n instanceof Double) {
      return BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString();
    }
    return n.toString();
  }

  static WindowAssigner parseAssigner(CommandLine cmd, String spec) {
    String[] parts = spec.trim().split(":", -1);
    String kind = parts[0].trim().toLowerCase(Locale.ROOT);
    int min;
    int max;
    switch (kind) {
      case "tumbling":
        min = 2;
        max = 3;
        break;
      case "sliding":
        min = 3;
        max = 4;
        break;
      case "session":
        min = 2;
        max = 2;
        break;
      default:
        throw new BadValueException(cmd, "--assigner must be " + ASSIGNER_FORMS + ", got '" + spec + "'");
    }
    if (parts.length < min || parts.length > max) {
      throw new BadValueException(cmd, "--assigner must be " + ASSIGNER_FORMS + ", got '" + spec + "'");
    }
    long size = parseMillis(cmd, "--assigner " + kind + " " + (kind.equals("session") ? "gap" : "size"), parts[1], 1);
    if (kind.equals("session")) {
      return WindowAssigner.session(Duration.ofMillis(size));
    }
    if (kind.equals("tumbling")) {
      long offset = parts.length == 3 ? parseMillis(cmd, "--assigner tumbling offset", parts[2], Long.MIN_VALUE) : 0;
      if (Math.abs(offset) >= size) {
        throw new BadValueException(cmd, "--assigner tumbling offset must be in (-SIZE, SIZE) = (-" + size + ", " + size
            + "), got " + offset);
      }
      return WindowAssigner.tumbling(Duration.ofMillis(size), Duration.ofMillis(offset));
    }
    long slide = parseMillis(cmd, "--assigner sliding slide", parts[2], 1);
    if (slide > size) {
      throw new BadValueException(cmd, "--assigner sliding slide must be <= SIZE (" + size + "), got " + slide);
    }
    long offset = parts.length == 4 ? parseMillis(cmd, "--assigner sliding offset", parts[3], Long.MIN_VALUE) : 0;
    if (Math.abs(offset) >= slide) {
      throw new BadValueException(cmd, "--assigner sliding offset must be in (-SLIDE, SLIDE) = (-" + slide + ", "
          + slide + "), got " + offset);
    }
    return WindowAssigner.sliding(Duration.ofMillis(size), Duration.ofMillis(slide), Duration.ofMillis(offset));
  }

  /** An integer number of ms of at least {@code min}. */
  private static long parseMillis(CommandLine cmd, String what, String text, long min) {
    String s = text.trim();
    long v;
    if (!INTEGER.matcher(s).matches()) {
      throw new BadValueException(cmd, what + " must be an integer (ms), got '" + text + "'");
    }
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new BadValueException(cmd, what + " must be between " + min + " and " + Long.MAX_VALUE + ", got " + s);
    }
    if (v < min || v == Long.MIN_VALUE) {
      throw new BadValueException(cmd, what + " must be >= " + min + " (ms), got " + v);
    }
    return v;
  }

  private List<Item> read(CommandLine cmd, Path path) {
    List<String> lines;
    try {
      if (Files.isDirectory(path)) {
        throw new BadValueException(cmd, "cannot read " + path + ": it is a directory");
      }
      lines = Files.readAllLines(path);
    } catch (NoSuchFileException e) {
      throw new BadValueException(cmd, "cannot read " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw new BadValueException(cmd, "cannot read " + path + ": permission denied");
    } catch (IOException e) {
      throw new BadValueException(cmd, "cannot read " + path + ": " + e.getMessage());
    }
    lastLine = lines.size();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      items.add(parseLine(cmd, path, i + 1, line));
    }
    return items;
  }

  static Item parseLine(CommandLine cmd, Path path, int n, String line) {
    String[] f = line.split(",", -1);
    String type = f[0].strip();
    if (type.equals("event")) {
      if (f.length != 4) {
        throw new BadValueException(cmd, path + " line " + n + ": an event line must be event,KEY,VALUE,TIMESTAMP"
            + " (4 fields), got " + f.length + " fields: '" + line + "'");
      }
      String key = f[1].strip();
      if (key.isEmpty()) {
        throw new BadValueException(cmd, path + " line " + n + ": KEY must not be empty: '" + line + "'");
      }
      return new Item(n, true, key, field(cmd, path, n, "VALUE", f[2]), field(cmd, path, n, "TIMESTAMP", f[3]));
    }
    if (type.equals("watermark")) {
      if (f.length != 2) {
        throw new BadValueException(cmd, path + " line " + n + ": a watermark line must be watermark,TIMESTAMP"
            + " (2 fields), got " + f.length + " fields: '" + line + "'");
      }
      return new Item(n, false, null, 0, field(cmd, path, n, "TIMESTAMP", f[1]));
    }
    throw new BadValueException(cmd, path + " line " + n + ": a line must start with event or watermark, got '"
        + type + "'");
  }

  private static long field(CommandLine cmd, Path path, int n, String name, String text) {
    String s = text.strip();
    if (INTEGER.matcher(s).matches()) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        // beyond a long: falls through
      }
    }
    throw new BadValueException(cmd, path + " line " + n + ": " + name + " must be an integer between "
        + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got '" + s + "'");
  }
}
