package dev.caplab.report;

import static dev.caplab.report.Markup.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link SpaceTime} as a Lamport diagram in SVG: one vertical line per node, time going
 * down, each message an arrow from its send to its delivery (dashed and red, ending in a cross,
 * when dropped; dotted to the window's end while still in flight), a node's downtime shaded on
 * its line, partitions shaded across the diagram with their label, and client operations as bars
 * on their node's line, coloured by outcome.
 *
 * <p>Up to {@value #DETAILED_MESSAGES} messages each message is an element of its own with a
 * tooltip; beyond that the diagram is dense: messages of one fate share paths of {@value #CHUNK}
 * with whole-number coordinates, drawn solid, without anti-aliasing and ignored by the pointer
 * (see the stylesheet), so that a diagram of {@link SpaceTime#MAX_MESSAGES} messages stays a few
 * megabytes and opens quickly.
 *
 * <p>Not thread-safe: one instance draws one diagram, on the thread that renders the page.
 */
final class SpaceTimeSvg {

  /** The most messages drawn as separate elements with a tooltip each. */
  static final int DETAILED_MESSAGES = 2_000;
  /**
   * Messages per path in a dense diagram: the browser rasterizes a page in tiles, and a tile
   * skips a path whose bounds miss it, so many short paths draw much faster than one long one.
   */
  static final int CHUNK = 1_000;
  /** The most operations labelled in the diagram (beyond it, their tooltips tell). */
  static final int LABELLED_OPERATIONS = 200;
  /** The most operations and spans given a tooltip each. */
  static final int TITLED_OPERATIONS = 5_000;

  private static final double LEFT = 78;
  private static final double RIGHT_MARGIN = 18;
  private static final double MIN_WIDTH = 660;
  private static final double MIN_PLOT_HEIGHT = 320;
  private static final double MAX_PLOT_HEIGHT = 1600;
  private static final int MAX_LABEL_CHARS = 24;
  /** About how far apart the time ticks are, in user units. */
  private static final double TICK_SPACING = 70;

  /** The diagram's keys, in legend order. */
  static final List<Svg.Key> LEGEND = List.of(
      new Svg.Key(Svg.Swatch.ARROW, "m", "message delivered"),
      new Svg.Key(Svg.Swatch.CROSS, "md", "dropped"),
      new Svg.Key(Svg.Swatch.LINE, "mf", "in flight at the window's end"),
      new Svg.Key(Svg.Swatch.BOX, "part", "partitioned"),
      new Svg.Key(Svg.Swatch.BOX, "down", "node down"),
      new Svg.Key(Svg.Swatch.BOX, "op ok", "ok"),
      new Svg.Key(Svg.Swatch.BOX, "op failed", "failed"),
      new Svg.Key(Svg.Swatch.BOX, "op unknown", "unknown"),
      new Svg.Key(Svg.Swatch.BOX, "op stale", "stale read"),
      new Svg.Key(Svg.Swatch.BOX, "op lost", "lost write"));

  private final SpaceTime d;
  private final StringBuilder out;
  private final List<String> names;
  private final int columns;
  private final double colW;
  private final double plotW;
  private final boolean dense;
  private final int decimals;
  private final boolean labelled;
  private final boolean titled;
  private Axis y;
  private double top;
  private double bottom;

  private SpaceTimeSvg(StringBuilder out, SpaceTime d) {
    this.out = out;
    this.d = d;
    columns = columns(d);
    List<String> names = new ArrayList<>(d.nodes());
    for (int i = names.size(); i < columns; i++) {
      names.add("#" + i);
    }
    this.names = names;
    colW = Math.max(14, Math.min(150, 880.0 / columns));
    plotW = colW * columns;
    dense = d.messages().size() > DETAILED_MESSAGES;
    decimals = dense ? 0 : 1;
    labelled = d.operations().size() <= LABELLED_OPERATIONS && colW >= 60;
    titled = d.spans().size() + d.operations().size() <= TITLED_OPERATIONS;
  }

  /** Writes the diagram's {@code <svg>} element. */
  static void render(StringBuilder out, SpaceTime d, String id) {
    new SpaceTimeSvg(out, d).draw(id);
  }

  /** Lays the diagram out, then draws it from the back to the front. */
  private void draw(String id) {
    double rightMargin = RIGHT_MARGIN;
    if (labelled) {
      for (SpaceTime.Operation o : d.operations()) {
        if (o.node() == columns - 1) {
          rightMargin = Math.max(rightMargin, opLabel(o).length() * Svg.CHAR_WIDTH - colW / 2 + 24);
        }
      }
    }
    double width = Math.max(MIN_WIDTH, LEFT + plotW + rightMargin);
    int longest = 1;
    for (String n : names) {
      longest = Math.max(longest, Math.min(MAX_LABEL_CHARS, n.length()));
    }
    boolean rotated = longest * Svg.CHAR_WIDTH > colW - 4;
    double labelH = rotated ? longest * Svg.CHAR_WIDTH * 0.72 + 12 : 18;
    double legendH = Svg.legendHeight(LEGEND, width - 16);
    double noteH = d.omittedMessages() > 0 ? 18 : 0;
    top = 8 + legendH + noteH + 6 + labelH + 6;
    double plotH = Math.max(MIN_PLOT_HEIGHT,
        Math.min(MAX_PLOT_HEIGHT, 200 + 3.0 * (d.messages().size() + d.operations().size())));
    bottom = top + plotH;
    y = Axis.linear(d.fromNanos(), d.toNanos(), top, bottom);

    Svg.open(out, dense ? "spacetime dense" : "spacetime", id, width, bottom + 10, "space-time diagram: " + d.title());
    Svg.legend(out, LEGEND, 8, 8, width - 16);
    if (noteH > 0) {
      Svg.text(out, 8, 8 + legendH + 13, "note", "start", shownNote(d));
    }
    timeAxis(plotH);
    spans();
    messages();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < columns; i++) {
      lines.append('M').append(num(x(i))).append(' ').append(num(top)).append('V').append(num(bottom));
    }
    out.append("<path class=\"nl\" d=\"").append(lines).append("\"/>\n");
    for (SpaceTime.Span s : d.spans()) {
      if (s.kind() == SpaceTime.SpanKind.PARTITIONED) {
        Svg.text(out, LEFT + 4, y.at(s.from()) + 12, "spl", "start", s.label());
      }
    }
    operations();
    nodeNames(rotated);
    Svg.close(out);
  }

  private void timeAxis(double plotH) {
    Axis.TimeTicks tt = Axis.timeTicks(y.lo(), y.hi(), (int) Math.max(4, plotH / TICK_SPACING));
    StringBuilder grid = new StringBuilder();
    for (int i = 0; i < tt.values().length; i++) {
      double py = y.at(tt.values()[i]);
      grid.append('M').append(num(LEFT)).append(' ').append(num(py)).append('h').append(num(plotW));
      Svg.text(out, LEFT - 6, py + 4, "tl", "end", tt.labels()[i]);
    }
    out.append("<path class=\"grid\" d=\"").append(grid).append("\"/>\n");
    if (tt.relative()) {
      Svg.text(out, LEFT - 6, top - 8, "tl", "end", "after " + Axis.human(d.fromNanos()));
    }
  }

  /** Partitions shaded across the diagram, then downtime on the nodes' lines. */
  private void spans() {
    for (SpaceTime.Span s : d.spans()) {
      if (s.kind() == SpaceTime.SpanKind.PARTITIONED) {
        double y0 = y.at(s.from());
        Svg.rect(out, LEFT, y0, plotW, Math.max(1, y.at(s.to()) - y0), "part",
            titled ? s.label() + ", " + window(s.from(), s.to()) : "");
      }
    }
    double downW = Math.min(colW * 0.6, 26);
    for (SpaceTime.Span s : d.spans()) {
      if (s.kind() == SpaceTime.SpanKind.DOWN) {
        double y0 = y.at(s.from());
        Svg.rect(out, x(s.node()) - downW / 2, y0, downW, Math.max(1, y.at(s.to()) - y0), "down",
            titled ? names.get(s.node()) + " " + s.label() + ", " + window(s.from(), s.to()) : "");
      }
    }
  }

  /** Each message as an arrow (delivered), a line ending in a cross (dropped) or a line to the window's end. */
  private void messages() {
    double head = dense ? 5 : 7;
    double wing = dense ? 2 : 3;
    double cross = dense ? 4 : 6;
    String crossPath = dense ? "l4 4m0-4l-4 4" : "l6 6m0-6l-6 6";
    StringBuilder[] byFate = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
    int[] inChunk = new int[byFate.length];
    StringBuilder crosses = new StringBuilder();
    int crossesInChunk = 0;
    for (SpaceTime.Message m : d.messages()) {
      int fate = m.fate().ordinal();
      if (dense && inChunk[fate]++ == CHUNK) {
        flush(fateClass(m.fate()), byFate[fate]);
        inChunk[fate] = 1;
      }
      StringBuilder p = dense ? byFate[fate] : new StringBuilder();
      double x1 = x(m.from());
      double y1 = y.at(m.sentAt());
      double x2 = x(m.to());
      double y2 = y.at(m.endAt());
      boolean selfMessage = m.from() == m.to();
      if (m.fate() == SpaceTime.Fate.DROPPED && m.endAt() <= m.sentAt()) {
        x2 = x1 + (x2 - x1) * 0.4; // lost on the way out: a stub toward the receiver
        selfMessage = false;
      }
      double dx = x2 - x1;
      double dy = y2 - y1;
      // The direction the arrow arrives from, for its head.
      double ux = dx;
      double uy = dy;
      xy(p.append('M'), x1, y1);
      if (selfMessage) {
        dy = Math.max(dy, 6);
        double bulge = Math.min(colW * 0.4, 30);
        xy(p.append('q'), bulge, dy / 2);
        p.append(" 0 ").append(num(dy, decimals));
        ux = -bulge;
        uy = dy / 2;
        x2 = x1;
        y2 = y1 + dy;
      } else {
        xy(p.append('l'), dx, dy);
      }
      if (m.fate() == SpaceTime.Fate.DELIVERED) {
        double len = Math.hypot(ux, uy);
        if (len > 0) {
          ux /= len;
          uy /= len;
          double ax = -head * ux - wing * uy;
          double ay = -head * uy + wing * ux;
          xy(p.append('m'), ax, ay);
          xy(p.append('l'), -ax, -ay);
          xy(p.append('l'), -head * ux + wing * uy, -head * uy - wing * ux);
        }
      } else if (m.fate() == SpaceTime.Fate.DROPPED) {
        if (crossesInChunk++ == CHUNK) {
          flush("xm", crosses);
          crossesInChunk = 1;
        }
        xy(crosses.append('M'), x2 - cross / 2, y2 - cross / 2);
        crosses.append(crossPath);
      }
      if (!dense) {
        out.append("<path class=\"").append(fateClass(m.fate())).append("\" d=\"").append(p).append("\"><title>")
            .append(Markup.text(describe(m, names))).append("</title></path>\n");
      }
    }
    for (SpaceTime.Fate f : SpaceTime.Fate.values()) {
      flush(fateClass(f), byFate[f.ordinal()]);
    }
    flush("xm", crosses);
  }

  /** Client operations as bars on their node's line, coloured by outcome. */
  private void operations() {
    double barW = Math.max(5, Math.min(14, colW * 0.28));
    for (SpaceTime.Operation o : d.operations()) {
      double cx = x(o.node());
      double y0 = y.at(o.invokedAt());
      double h = Math.max(2, y.at(o.completedAt()) - y0);
      String outcome = o.outcome().name().toLowerCase(Locale.ROOT);
      Svg.rect(out, cx - barW / 2, y0, barW, h, "op " + outcome, titled ? names.get(o.node()) + ": " + o.label() + ", "
          + outcomeWords(o.outcome()) + ", " + window(o.invokedAt(), o.completedAt()) : "");
      if (labelled) {
        Svg.text(out, cx + barW / 2 + 3, y0 + Math.min(h, 20) / 2 + 4, "opl " + outcome, "start", opLabel(o));
      }
    }
  }

  /** Node names above their lines, slanted when the lines are too close for them. */
  private void nodeNames(boolean rotated) {
    for (int i = 0; i < columns; i++) {
      String n = names.get(i);
      if (n.length() > MAX_LABEL_CHARS) {
        n = n.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
      }
      if (rotated) {
        out.append("<text class=\"nn\" transform=\"translate(").append(num(x(i) + 4)).append(' ')
            .append(num(top - 6)).append(") rotate(-45)\">").append(Markup.text(n)).append("</text>\n");
      } else {
        Svg.text(out, x(i), top - 8, "nn", "middle", n);
      }
    }
  }

  private static String opLabel(SpaceTime.Operation o) {
    return o.label() + (o.outcome() == SpaceTime.Outcome.OK ? "" : " (" + outcomeWords(o.outcome()) + ")");
  }

  /** How many node lines the diagram needs: one per name, more if an element names a node beyond them. */
  static int columns(SpaceTime d) {
    int columns = Math.max(1, d.nodes().size());
    for (SpaceTime.Message m : d.messages()) {
      requireNode("message from", m.from(), m);
      requireNode("message to", m.to(), m);
      columns = Math.max(columns, Math.max(m.from(), m.to()) + 1);
    }
    for (SpaceTime.Operation o : d.operations()) {
      requireNode("operation node", o.node(), o);
      columns = Math.max(columns, o.node() + 1);
    }
    for (SpaceTime.Span s : d.spans()) {
      if (s.kind() == SpaceTime.SpanKind.DOWN) {
        requireNode("down span node", s.node(), s);
        columns = Math.max(columns, s.node() + 1);
      }
    }
    return columns;
  }

  private static void requireNode(String what, int node, Object element) {
    if (node < 0) {
      throw new IllegalArgumentException(what + " must be a node index >= 0, got " + node + " in " + element);
    }
  }

  /** The note a thinned diagram carries: how many of the window's messages it shows. */
  static String shownNote(SpaceTime d) {
    long all = d.messages().size() + d.omittedMessages();
    return Markup.count(d.messages().size()) + " of " + Markup.count(all)
        + " messages shown: the rest were left out evenly to keep the diagram small";
  }

  /** Writes {@code data} as a path of class {@code cls}, unless it is empty, and empties it. */
  private void flush(String cls, StringBuilder data) {
    if (data.length() > 0) {
      out.append("<path class=\"").append(cls).append("\" d=\"").append(data).append("\"/>\n");
      data.setLength(0);
    }
  }

  /** Appends a coordinate pair, with no space before a minus sign (SVG path data needs none). */
  private void xy(StringBuilder p, double a, double b) {
    String second = num(b, decimals);
    p.append(num(a, decimals));
    if (second.charAt(0) != '-') {
      p.append(' ');
    }
    p.append(second);
  }

  private double x(int node) {
    return LEFT + (node + 0.5) * colW;
  }

  private static String fateClass(SpaceTime.Fate f) {
    return switch (f) {
      case DELIVERED -> "m";
      case DROPPED -> "md";
      case IN_FLIGHT -> "mf";
    };
  }

  static String outcomeWords(SpaceTime.Outcome o) {
    return switch (o) {
      case OK -> "ok";
      case FAILED -> "failed";
      case UNKNOWN -> "unknown";
      case STALE -> "stale read";
      case LOST -> "lost write";
    };
  }

  private static String describe(SpaceTime.Message m, List<String> names) {
    String route = names.get(m.from()) + " \u2192 " + names.get(m.to()) + " " + m.type() + ", sent "
        + Axis.human(m.sentAt());
    return switch (m.fate()) {
      case DELIVERED -> route + ", delivered " + Axis.human(m.endAt());
      case DROPPED -> route + ", dropped " + Axis.human(m.endAt()) + (m.note().isEmpty() ? "" : " (" + m.note() + ")");
      case IN_FLIGHT -> route + ", still in flight at " + Axis.human(m.endAt());
    };
  }

  private static String window(long from, long to) {
    return Axis.human(from) + " to " + Axis.human(to);
  }
}
