package dev.caplab.examples.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small plain-text table for scenario summaries: the first column left-aligned (row labels),
 * the others right-aligned (figures), columns separated by two spaces, every line indented by
 * two spaces so that tables sit under their heading.
 *
 * <p>Not thread-safe: build and render on one thread.
 */
public final class TextTable {

  private static final String INDENT = "  ";
  private static final String GAP = "  ";

  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  /** A table with these column headings (the first heads the label column and may be empty). */
  public TextTable(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column, got none");
    }
    this.header = header.clone();
  }

  /** Adds a row; it must have one cell per column. */
  public TextTable row(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException("a row must have " + header.length + " cells, got " + cells.length
          + ": " + Arrays.toString(cells));
    }
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  /** The table, one line per row after the header, each ending with a newline. */
  public String render() {
    int[] width = new int[header.length];
    measure(header, width);
    for (String[] r : rows) {
      measure(r, width);
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
    return out.toString();
  }

  private static void measure(String[] cells, int[] width) {
    for (int i = 0; i < cells.length; i++) {
      width[i] = Math.max(width[i], cells[i].length());
    }
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder(INDENT);
    for (int i = 0; i < cells.length; i++) {
      if (i == 0) {
        l.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
      } else {
        l.append(GAP).append(" ".repeat(width[i] - cells[i].length())).append(cells[i]);
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }
}
