package dev.caplab.report;

import dev.caplab.fault.TimedFault;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.metrics.LatencySummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        Block.FaultTimeline, Block.HeatMap, SpaceTime {

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

  /**
   * A table column: its heading, the unit of its cells, and how the renderings show it. {@code
   * new Column(name, unit)} is shown everywhere with its unit's format, and written to CSV under
   * {@code name} in base form; the other settings serve a table whose text and CSV forms were
   * fixed before it was a report (for example a CSV in milliseconds with three decimals).
   *
   * @param name the heading for people (text and HTML)
   * @param unit the unit of the cells
   * @param decimals for a {@link Unit#RATIO} column, the digits after the point of its
   *     percentages in text and HTML, or {@link #UNIT_FORMAT} for the unit's own format (other
   *     units always use their own)
   * @param shown whether text and HTML show the column (false: in CSV only)
   * @param csv how CSV writes the column, or null to leave it out of CSV
   */
  record Column(String name, Unit unit, int decimals, boolean shown, CsvField csv) {

    /** {@link #decimals()} when the unit's own format applies. */
    public static final int UNIT_FORMAT = -1;

    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
      if (decimals < UNIT_FORMAT || decimals > CsvField.MAX_DECIMALS) {
        throw new IllegalArgumentException("column " + name + ": decimals must be between " + UNIT_FORMAT + " and "
            + CsvField.MAX_DECIMALS + ", got " + decimals);
      }
      if (!shown && csv == null) {
        throw new IllegalArgumentException("column " + name + " must be shown or written to CSV, got neither");
      }
    }

    /** A column shown everywhere in its unit's format, in CSV under its name in base form. */
    public Column(String name, Unit unit) {
      this(name, unit, UNIT_FORMAT, true, new CsvField(name, CsvField.Scale.BASE, UNIT_FORMAT));
    }

    /** This column with its percentages shown with {@code decimals} digits after the point. */
    public Column percentDecimals(int decimals) {
      return new Column(name, unit, decimals, shown, csv);
    }

    /** This column written to CSV as {@code csv} says. */
    public Column csv(CsvField csv) {
      return new Column(name, unit, decimals, shown, Objects.requireNonNull(csv, "csv"));
    }

    /** This column in CSV only. */
    public Column csvOnly() {
      return new Column(name, unit, decimals, false, csv);
    }

    /** This column in text and HTML only. */
    public Column notInCsv() {
      return new Column(name, unit, decimals, shown, null);
    }

    /** A cell (in base form, or null) for a person. */
    public String format(Object value) {
      if (unit == Unit.RATIO && decimals != UNIT_FORMAT && value != null) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * (Double) value);
      }
      return unit.format(value);
    }
  }

  /**
   * How CSV writes a column: its header and the form of its cells.
   *
   * @param header the column's name in the CSV header
   * @param scale the cells' scale: base form, milliseconds or percent
   * @param decimals digits after the point, or {@link Column#UNIT_FORMAT} for the shortest exact
   *     form ({@code 1.5}, {@code 10}; base form writes the value as Java prints it)
   */
  record CsvField(String header, Scale scale, int decimals) {

    /** The most digits after the point. */
    public static final int MAX_DECIMALS = 12;

    /** The scale of a CSV column's numbers. */
    public enum Scale {
      /** The unit's base form: nanoseconds, fractions, counts. */
      BASE,
      /** Nanoseconds written as milliseconds. */
      MILLIS,
      /** Ratios written as percentages (0.25 as 25). */
      PERCENT
    }

    public CsvField {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(scale, "scale");
      if (decimals < Column.UNIT_FORMAT || decimals > MAX_DECIMALS) {
        throw new IllegalArgumentException("CSV column " + header + ": decimals must be between " + Column.UNIT_FORMAT
            + " and " + MAX_DECIMALS + ", got " + decimals);
      }
    }

    /** A cell (in base form, or null: empty) as this field writes it. */
    public String format(Object value) {
      if (value == null) {
        return "";
      }
      if (scale == Scale.BASE && decimals == Column.UNIT_FORMAT) {
        return String.valueOf(value);
      }
      if (!(value instanceof Number number)) {
        throw new IllegalArgumentException("CSV column " + header + " scales numbers, got " + value);
      }
      if (decimals == Column.UNIT_FORMAT) {
        BigDecimal exact = number instanceof Long l ? BigDecimal.valueOf(l) : BigDecimal.valueOf(number.doubleValue());
        exact = switch (scale) {
          case BASE -> exact;
          case MILLIS -> exact.movePointLeft(6);
          case PERCENT -> exact.movePointRight(2);
        };
        return exact.stripTrailingZeros().toPlainString();
      }
      double v = switch (scale) {
        case BASE -> number.doubleValue();
        case MILLIS -> number.longValue() / 1e6;
        case PERCENT -> 100 * number.doubleValue();
      };
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
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

  /**
   * Counts per row and per time bucket, for where load lands over time (writes per partition per
   * 100 ms): the HTML renderer draws a grid of cells that darken with the count, the text renderer
   * prints each row's total and peak, CSV writes one line per cell. Row {@code r}, bucket {@code b}
   * counts what happened from {@code startNanos + b * bucketNanos} (inclusive) to one bucket later
   * (exclusive).
   *
   * @param name a short identifier for the CSV file and the HTML anchor, e.g. {@code heat}
   * @param title what the map shows
   * @param rowLabel what a row is ({@code partition}, {@code node})
   * @param what what is counted ({@code writes}), for tooltips and the legend
   * @param rows the rows' labels, top to bottom
   * @param startNanos simulated time where the first bucket starts
   * @param bucketNanos the length of a bucket, > 0
   * @param counts {@code counts[row][bucket]}, >= 0, the same number of buckets in every row
   */
  record HeatMap(String name, String title, String rowLabel, String what, List<String> rows, long startNanos,
      long bucketNanos, long[][] counts) implements Block {
    public HeatMap {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(rowLabel, "rowLabel");
      Objects.requireNonNull(what, "what");
      rows = List.copyOf(rows);
      if (startNanos < 0) {
        throw new IllegalArgumentException("heat map " + name + ": startNanos must be >= 0, got " + startNanos);
      }
      if (bucketNanos < 1) {
        throw new IllegalArgumentException("heat map " + name + ": bucketNanos must be >= 1, got " + bucketNanos);
      }
      if (counts.length != rows.size()) {
        throw new IllegalArgumentException("heat map " + name + ": counts must have a row per label (" + rows.size()
            + "), got " + counts.length);
      }
      long[][] copy = new long[counts.length][];
      for (int r = 0; r < counts.length; r++) {
        if (counts[r].length != counts[0].length) {
          throw new IllegalArgumentException("heat map " + name + ": every row must have " + counts[0].length
              + " buckets, got " + counts[r].length + " in row " + rows.get(r));
        }
        for (long c : counts[r]) {
          if (c < 0) {
            throw new IllegalArgumentException("heat map " + name + ": counts must be >= 0, got " + c + " in row "
                + rows.get(r));
          }
        }
        copy[r] = counts[r].clone();
      }
      counts = copy;
    }

    /** Buckets per row. */
    public int buckets() {
      return counts.length == 0 ? 0 : counts[0].length;
    }

    /** The count of row {@code row}, bucket {@code bucket}. */
    public long count(int row, int bucket) {
      return counts[row][bucket];
    }

    /** The largest count of any cell (0 for an empty map). */
    public long max() {
      long max = 0;
      for (long[] row : counts) {
        for (long c : row) {
          max = Math.max(max, c);
        }
      }
      return max;
    }

    @Override
    public long[][] counts() {
      long[][] copy = new long[counts.length][];
      for (int r = 0; r < counts.length; r++) {
        copy[r] = counts[r].clone();
      }
      return copy;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HeatMap h && h.name.equals(name) && h.title.equals(title) && h.rowLabel.equals(rowLabel)
          && h.what.equals(what) && h.rows.equals(rows) && h.startNanos == startNanos && h.bucketNanos == bucketNanos
          && Arrays.deepEquals(h.counts, counts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, title, rowLabel, what, rows, startNanos, bucketNanos, Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
      return "HeatMap[" + name + ", " + rows.size() + " " + rowLabel + " rows x " + buckets() + " buckets]";
    }
  }
}
