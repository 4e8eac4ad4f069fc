package dev.caplab.report;

import dev.caplab.fault.TimedFault;
import dev.caplab.time.Durations;
import dev.caplab.metrics.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report as plain text for a terminal: the scenario and seed, the question, the body (headings,
 * prose wrapped at {@value #WIDTH} columns, findings as a list, tables with formatted cells,
 * latency percentiles, the fault timeline), the checks, and the trace hash with the command that
 * reproduces the run. Charts and diagrams are left to the HTML report; the text says where they
 * are.
 *
 * <p>Thread-safe: stateless.
 */
public final class TextReport {

  /** Line width of prose. */
  public static final int WIDTH = 80;

  private TextReport() {}

  /** The report as text, lines ending with a newline. */
  public static String render(Report r) {
    StringBuilder out = new StringBuilder();
    Header h = r.header();
    out.append(h.scenario()).append(" (seed ").append(h.seed()).append(")\n");
    if (!h.question().isEmpty()) {
      out.append('\n').append(wrap(h.question(), "", ""));
    }
    Block previous = null;
    for (Block b : r.blocks()) {
      // A blank line between blocks, except right under a heading.
      if (!(previous instanceof Block.Heading)) {
        out.append('\n');
      }
      render(b, out);
      previous = b;
    }
    if (!r.checks().isEmpty()) {
      out.append("\nChecks\n");
      for (Check c : r.checks()) {
        StringBuilder line = new StringBuilder(c.name()).append(": ").append(c.valid() ? "holds" : "FAILS")
            .append(" - ").append(c.statement());
        if (!c.evidence().isEmpty()) {
          line.append(" (");
          for (int i = 0; i < c.evidence().size(); i++) {
            Metric m = c.evidence().get(i);
            line.append(i == 0 ? "" : ", ").append(m.name()).append(' ').append(m.formatted());
          }
          line.append(')');
        }
        out.append(wrap(line.toString(), "- ", "  "));
      }
    }
    out.append('\n').append("trace hash ").append(h.traceHash()).append('\n');
    out.append("re-run with --seed ").append(h.seed()).append(" to reproduce\n");
    return out.toString();
  }

  private static void render(Block b, StringBuilder out) {
    if (b instanceof Block.Heading x) {
      out.append(x.text()).append('\n');
    } else if (b instanceof Block.Paragraph x) {
      out.append(wrap(x.text(), "", ""));
    } else if (b instanceof Block.Bullets x) {
      for (String item : x.items()) {
        out.append(wrap(item, "- ", "  "));
      }
    } else if (b instanceof Block.Table x) {
      if (!x.title().isEmpty()) {
        out.append(x.title()).append('\n');
      }
      List<Block.Column> columns = x.columns();
      List<String[]> rows = new ArrayList<>();
      rows.add(columns.stream().filter(Block.Column::shown).map(Block.Column::name).toArray(String[]::new));
      for (List<Object> row : x.rows()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          if (columns.get(i).shown()) {
            cells.add(columns.get(i).format(row.get(i)));
          }
        }
        rows.add(cells.toArray(String[]::new));
      }
      out.append(table(rows));
    } else if (b instanceof Block.Distribution x) {
      out.append(x.title()).append('\n');
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"", "count", "p50", "p90", "p99", "p99.9", "max"});
      for (Block.Curve c : x.curves()) {
        LatencySummary s = c.summary();
        rows.add(new String[] {c.label(), Long.toString(s.count()), Durations.human(s.p50()), Durations.human(s.p90()),
            Durations.human(s.p99()), Durations.human(s.p999()), Durations.human(s.max())});
      }
      out.append(table(rows));
    } else if (b instanceof Block.TimeSeries x) {
      out.append(x.title()).append(" (a chart in the HTML report)\n");
      for (Block.Line l : x.lines()) {
        double[] v = l.values();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
          min = Math.min(min, d);
          max = Math.max(max, d);
        }
        out.append("  ").append(l.label()).append(": ").append(v.length).append(" points");
        if (v.length > 0) {
          out.append(", from ").append(number(x.unit(), min)).append(" to ").append(number(x.unit(), max));
        }
        out.append('\n');
      }
    } else if (b instanceof Block.HeatMap x) {
      out.append(x.title()).append(" (a heat map in the HTML report)\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {x.rowLabel(), x.what(), "peak per " + Durations.human(x.bucketNanos()), "peak at"});
      for (int r = 0; r < x.rows().size(); r++) {
        long total = 0;
        int peak = 0;
        for (int k = 0; k < x.buckets(); k++) {
          total += x.count(r, k);
          if (x.count(r, k) > x.count(r, peak)) {
            peak = k;
          }
        }
        boolean any = total > 0;
        rows.add(new String[] {x.rows().get(r), Long.toString(total), any ? Long.toString(x.count(r, peak)) : "0",
            any ? Durations.human(x.startNanos() + peak * x.bucketNanos()) : "-"});
      }
      out.append(table(rows));
    } else if (b instanceof Block.FaultTimeline x) {
      out.append(x.label().isEmpty() ? "Faults" : "Faults (" + x.label() + ")").append('\n');
      if (x.faults().isEmpty()) {
        out.append("  none\n");
      }
      for (TimedFault f : x.faults()) {
        // A partition of many nodes names them all: wrap it like prose.
        out.append(wrap(f.toString(), "  ", "    "));
      }
    } else if (b instanceof SpaceTime x) {
      out.append(wrap("Space-time diagram of " + x.title() + ": " + x.messages().size() + " messages, "
          + x.operations().size() + " client operations (in the HTML report, caplab run --report DIR).", "", ""));
    } else {
      throw new IllegalArgumentException("unknown block " + b.getClass().getName());
    }
  }

  private static String number(Unit unit, double v) {
    if (unit == Unit.NANOSECONDS) {
      return v < 0 ? "-" + Durations.human((long) -v) : Durations.human((long) v);
    }
    if (unit == Unit.RATIO) {
      return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }

  /**
   * A table: the first column left-aligned (row labels), the others right-aligned, columns two
   * spaces apart, every line indented by two spaces.
   */
  static String table(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder l = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        if (i == 0) {
          l.append(r[i]).append(" ".repeat(width[i] - r[i].length()));
        } else {
          l.append("  ").append(" ".repeat(width[i] - r[i].length())).append(r[i]);
        }
      }
      out.append(l.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code text} wrapped at {@link #WIDTH}, the first line after {@code first}, the rest after {@code rest}. */
  static String wrap(String text, String first, String rest) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    int prefix = first.length();
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > prefix && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(rest);
        prefix = rest.length();
      }
      if (line.length() > prefix) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append('\n').toString();
  }
}
