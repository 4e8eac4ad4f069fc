package dev.caplab.report;

import java.util.List;

/**
 * A report's tables and heat maps as CSV (RFC 4180: comma-separated, text quoted when it holds a comma, quote or
 * line break), for spreadsheets and plotting scripts: a header row of column names, then the
 * cells in their unit's base form (nanoseconds as whole numbers, ratios as fractions), empty for
 * "does not apply", unless a column says otherwise ({@link Block.CsvField}: another header, a
 * scale such as milliseconds, fixed decimals; or no CSV at all).
 *
 * <p>Thread-safe: stateless.
 */
public final class CsvReport {

  private CsvReport() {}

  /**
   * One table as CSV, lines ending with a newline: the columns that go to CSV, under their CSV
   * header, their cells in the form the column's {@link Block.CsvField} says.
   */
  public static String render(Block.Table table) {
    StringBuilder out = new StringBuilder();
    List<Block.Column> columns = table.columns();
    String sep = "";
    for (Block.Column c : columns) {
      if (c.csv() != null) {
        out.append(sep).append(quote(c.csv().header()));
        sep = ",";
      }
    }
    out.append('\n');
    for (List<Object> row : table.rows()) {
      sep = "";
      for (int i = 0; i < row.size(); i++) {
        Block.CsvField field = columns.get(i).csv();
        if (field != null) {
          out.append(sep).append(quote(field.format(row.get(i))));
          sep = ",";
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * A heat map as CSV in long form, one line per cell, rows in order and buckets in time order
   * under the header {@code <rowLabel>,fromNanos,toNanos,<what>}: what a plotting script pivots.
   */
  public static String render(Block.HeatMap heat) {
    StringBuilder out = new StringBuilder();
    out.append(quote(heat.rowLabel())).append(",fromNanos,toNanos,").append(quote(heat.what())).append('\n');
    for (int r = 0; r < heat.rows().size(); r++) {
      String row = quote(heat.rows().get(r));
      for (int b = 0; b < heat.buckets(); b++) {
        long from = heat.startNanos() + b * heat.bucketNanos();
        out.append(row).append(',').append(from).append(',').append(from + heat.bucketNanos()).append(',')
            .append(heat.count(r, b)).append('\n');
      }
    }
    return out.toString();
  }

  /** The table or heat map called {@code name} in {@code report}, as CSV. */
  public static String render(Report report, String name) {
    for (Block b : report.blocks()) {
      if (b instanceof Block.Table t && t.name().equals(name)) {
        return render(t);
      }
      if (b instanceof Block.HeatMap h && h.name().equals(name)) {
        return render(h);
      }
    }
    throw new IllegalArgumentException("no table or heat map '" + name + "' in report " + report.header().scenario());
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
