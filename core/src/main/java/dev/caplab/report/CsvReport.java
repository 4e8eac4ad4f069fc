package dev.caplab.report;

import java.util.List;

/**
 * A report's tables as CSV (RFC 4180: comma-separated, text quoted when it holds a comma, quote or
 * line break), for spreadsheets and plotting scripts: a header row of column names, then the
 * cells in their unit's base form (nanoseconds as whole numbers, ratios as fractions), empty for
 * "does not apply".
 *
 * <p>Thread-safe: stateless.
 */
public final class CsvReport {

  private CsvReport() {}

  /** One table as CSV, lines ending with a newline. */
  public static String render(Block.Table table) {
    StringBuilder out = new StringBuilder();
    List<Block.Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      out.append(i == 0 ? "" : ",").append(quote(columns.get(i).name()));
    }
    out.append('\n');
    for (List<Object> row : table.rows()) {
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        out.append(i == 0 ? "" : ",").append(v == null ? "" : quote(String.valueOf(v)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The table called {@code name} in {@code report}, as CSV. */
  public static String render(Report report, String name) {
    for (Block b : report.blocks()) {
      if (b instanceof Block.Table t && t.name().equals(name)) {
        return render(t);
      }
    }
    throw new IllegalArgumentException("no table '" + name + "' in report " + report.header().scenario());
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
