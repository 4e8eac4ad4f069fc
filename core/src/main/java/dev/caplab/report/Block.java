package dev.caplab.report;

import dev.caplab.fault.TimedFault;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.metrics.LatencySummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One part of a report's body, in reading order. A scenario fills these with its run's numbers
 * (prose is computed from them, never canned); renderers decide how each looks: the text renderer
 * prints tables and percentiles, the HTML one draws charts and diagrams.
 *
 * <p>Every block is immutable and thread-safe.
 */
public sealed interface Block
    permits Block.Heading, Block.Paragraph, Block.Bullets, Block.Table, Block.Distribution, Block.TimeSeries,
        Block.FaultTimeline, SpaceTime {

  /** A section title. */
  record Heading(String text) implements Block {
    public Heading {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A paragraph of prose; renderers wrap it. */
  record Paragraph(String text) implements Block {
    public Paragraph {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A list of findings, each a sentence or two. */
  record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /** A table column: its heading and the unit of its cells. */
  record Column(String name, Unit unit) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
    }
  }

  /**
   * A table of typed cells: text and HTML format them by their column's unit, CSV writes their
   * base form.
   *
   * @param name a short identifier for the CSV file and the HTML anchor, e.g. {@code strategies}
   * @param title what the table shows (may be empty)
   */
  record Table(String name, String title, List<Column> columns, List<List<Object>> rows) implements Block {
    public Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("table " + name + " needs at least one column, got none");
      }
      List<List<Object>> checked = new ArrayList<>(rows.size());
      for (List<Object> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException("table " + name + ": a row must have " + columns.size()
              + " cells, got " + row.size() + ": " + row);
        }
        List<Object> cells = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
          cells.add(columns.get(i).unit().require(name + "." + columns.get(i).name(), row.get(i)));
        }
        checked.add(java.util.Collections.unmodifiableList(cells));
      }
      rows = java.util.Collections.unmodifiableList(checked);
    }

    /** Starts a table with these columns. */
    public static Builder builder(String name, String title, Column... columns) {
      return new Builder(name, title, List.of(columns));
    }

    /** Collects rows. Not thread-safe. */
    public static final class Builder {
      private final String name;
      private final String title;
      private final List<Column> columns;
      private final List<List<Object>> rows = new ArrayList<>();

      private Builder(String name, String title, List<Column> columns) {
        this.name = name;
        this.title = title;
        this.columns = columns;
      }

      /** Adds a row, one cell per column (null for "does not apply"). */
      public Builder row(Object... cells) {
        rows.add(Arrays.asList(cells.clone()));
        return this;
      }

      public Table build() {
        return new Table(name, title, columns, rows);
      }
    }
  }

  /**
   * Latency distributions side by side: the HTML renderer draws their CDFs, the text renderer
   * prints their percentiles.
   */
  record Distribution(String name, String title, List<Curve> curves) implements Block {
    public Distribution {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      curves = List.copyOf(curves);
    }
  }

  /**
   * One latency distribution: its summary and its cumulative distribution as points (value in
   * nanoseconds, fraction of samples at or below it), at most {@value #MAX_POINTS} of them.
   */
  record Curve(String label, LatencySummary summary, long[] values, double[] fractions) {

    /** Enough points for a smooth chart, few enough to keep a report small. */
    public static final int MAX_POINTS = 200;

    public Curve {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(summary, "summary");
      if (values.length != fractions.length) {
        throw new IllegalArgumentException("curve " + label + ": " + values.length + " values but "
            + fractions.length + " fractions");
      }
      values = values.clone();
      fractions = fractions.clone();
    }

    /** The curve of everything {@code recorder} holds. */
    public static Curve of(String label, LatencyRecorder recorder) {
      Histogram h = recorder.histogram();
      long total = h.getTotalCount();
      List<long[]> points = new ArrayList<>();
      if (total > 0) {
        long seen = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
          seen += v.getCountAtValueIteratedTo();
          points.add(new long[] {h.highestEquivalentValue(v.getValueIteratedTo()), seen});
        }
      }
      // Every step-th point and the last: at most MAX_POINTS in all.
      int step = points.size() <= MAX_POINTS ? 1 : (points.size() - 1 + MAX_POINTS - 2) / (MAX_POINTS - 1);
      List<long[]> kept = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        if (i % step == 0 || i == points.size() - 1) {
          kept.add(points.get(i));
        }
      }
      long[] values = new long[kept.size()];
      double[] fractions = new double[kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        values[i] = kept.get(i)[0];
        fractions[i] = kept.get(i)[1] / (double) total;
      }
      return new Curve(label, recorder.summary(), values, fractions);
    }

    @Override
    public long[] values() {
      return values.clone();
    }

    @Override
    public double[] fractions() {
      return fractions.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Curve c && c.label.equals(label) && c.summary.equals(summary)
          && Arrays.equals(c.values, values) && Arrays.equals(c.fractions, fractions);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, summary, Arrays.hashCode(values), Arrays.hashCode(fractions));
    }

    @Override
    public String toString() {
      return "Curve[" + label + ", " + summary + ", " + values.length + " points]";
    }
  }

  /** Values over simulated time, one line per label, all in one unit. */
  record TimeSeries(String name, String title, Unit unit, List<Line> lines) implements Block {
    public TimeSeries {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(unit, "unit");
      lines = List.copyOf(lines);
    }
  }

  /** One line of a time series: at {@code times[i]} (simulated nanoseconds) the value was {@code values[i]}. */
  record Line(String label, long[] times, double[] values) {
    public Line {
      Objects.requireNonNull(label, "label");
      if (times.length != values.length) {
        throw new IllegalArgumentException("line " + label + ": " + times.length + " times but " + values.length
            + " values");
      }
      for (int i = 1; i < times.length; i++) {
        if (times[i] < times[i - 1]) {
          throw new IllegalArgumentException("line " + label + ": times must not decrease, got " + times[i - 1]
              + " then " + times[i]);
        }
      }
      times = times.clone();
      values = values.clone();
    }

    @Override
    public long[] times() {
      return times.clone();
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Line l && l.label.equals(label) && Arrays.equals(l.times, times)
          && Arrays.equals(l.values, values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, Arrays.hashCode(times), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
      return "Line[" + label + ", " + times.length + " points]";
    }
  }

  /**
   * The faults of a run in time order (planned, random and reactive alike), up to the end of the
   * run, for a timeline.
   *
   * @param label which run, when a report compares several (may be empty)
   */
  record FaultTimeline(String label, List<TimedFault> faults, long endNanos) implements Block {
    public FaultTimeline {
      Objects.requireNonNull(label, "label");
      faults = List.copyOf(faults);
      if (endNanos < 0) {
        throw new IllegalArgumentException("endNanos must be >= 0, got " + endNanos);
      }
      for (int i = 1; i < faults.size(); i++) {
        if (faults.get(i).atNanos() < faults.get(i - 1).atNanos()) {
          throw new IllegalArgumentException("faults must be in time order, got " + faults.get(i - 1) + " before "
              + faults.get(i));
        }
      }
    }
  }
}
