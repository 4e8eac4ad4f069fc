package dev.caplab.report;

import static dev.caplab.report.Markup.num;

import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SVG charts of the HTML report: latency CDFs, time series, heat maps and the fault timeline strip. Each
 * is {@value #WIDTH} user units wide and scales down with the page (and to the paper when
 * printed); lines take their colour from classes {@code c0}...{@code c7} of the stylesheet.
 *
 * <p>Thread-safe: stateless.
 */
final class Charts {

  static final double WIDTH = 720;
  /** Distinct line colours in the stylesheet; more lines reuse them in order. */
  static final int COLOURS = 8;

  private static final double LEFT = 68;
  private static final double RIGHT = WIDTH - 30;
  private static final double TOP = 12;
  private static final double PLOT_HEIGHT = 240;
  private static final double BOTTOM = TOP + PLOT_HEIGHT;
  private static final double[] CDF_FRACTIONS = {0, 0.25, 0.5, 0.75, 0.9, 1};
  /** A log axis when the largest latency is at least this many times the smallest. */
  private static final double LOG_RANGE = 20;

  private Charts() {}

  /** The CDF chart of a distribution's curves: latency across, fraction of samples at or below it up. */
  static void cdf(StringBuilder out, Block.Distribution d, String id) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    List<Block.Curve> drawn = new ArrayList<>();
    for (Block.Curve c : d.curves()) {
      long[] v = c.values();
      if (v.length == 0) {
        continue;
      }
      drawn.add(c);
      for (long x : v) {
        if (x > 0) {
          min = Math.min(min, x);
        }
        max = Math.max(max, x);
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      min = 1;
    }
    boolean log = max >= LOG_RANGE * min;
    Axis x = log ? Axis.log(min, max, LEFT, RIGHT) : Axis.niceLinear(0, max, LEFT, RIGHT);
    Axis y = Axis.linear(0, 1, BOTTOM, TOP);
    List<Svg.Key> keys = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      keys.add(new Svg.Key(Svg.Swatch.LINE, "ln c" + (i % COLOURS), drawn.get(i).label()));
    }
    double legendTop = BOTTOM + 44;
    double height = legendTop + Svg.legendHeight(keys, RIGHT - LEFT) + 6;
    Svg.open(out, "chart cdf", id, WIDTH, height, "latency CDF: " + d.title());
    StringBuilder grid = new StringBuilder();
    for (double f : CDF_FRACTIONS) {
      grid.append('M').append(num(LEFT)).append(' ').append(num(y.at(f))).append('H').append(num(RIGHT));
      Svg.text(out, LEFT - 6, y.at(f) + 4, "tl", "end", num(100 * f, 0) + "%");
    }
    double[] ticks = x.ticks();
    for (double t : ticks) {
      grid.append('M').append(num(x.at(t))).append(' ').append(num(TOP)).append('V').append(num(BOTTOM));
      Svg.text(out, x.at(t), BOTTOM + 16, "tl", "middle", Axis.human(Math.round(t)));
    }
    out.append("<path class=\"grid\" d=\"").append(grid).append("\"/>\n");
    axes(out);
    Svg.text(out, (LEFT + RIGHT) / 2, BOTTOM + 34, "at", "middle",
        log ? "latency (log scale)" : "latency");
    Svg.text(out, LEFT + 4, TOP + 12, "at", "start", "fraction of requests at or below");
    if (drawn.isEmpty()) {
      Svg.text(out, (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2, "empty", "middle", "no samples");
    }
    for (int i = 0; i < drawn.size(); i++) {
      long[] v = drawn.get(i).values();
      double[] f = drawn.get(i).fractions();
      StringBuilder path = new StringBuilder();
      path.append('M').append(num(x.at(v[0]))).append(' ').append(num(y.at(0)));
      path.append('V').append(num(y.at(f[0])));
      for (int k = 1; k < v.length; k++) {
        path.append('H').append(num(x.at(v[k]))).append('V').append(num(y.at(f[k])));
      }
      out.append("<path class=\"ln c").append(i % COLOURS).append("\" d=\"").append(path).append("\"/>\n");
    }
    Svg.legend(out, keys, LEFT, legendTop, RIGHT - LEFT);
    Svg.close(out);
  }

  /** A line chart of a time series: simulated time across, the series' unit up. */
  static void timeSeries(StringBuilder out, Block.TimeSeries s, String id) {
    double tMin = Double.POSITIVE_INFINITY;
    double tMax = Double.NEGATIVE_INFINITY;
    double vMin = Double.POSITIVE_INFINITY;
    double vMax = Double.NEGATIVE_INFINITY;
    for (Block.Line l : s.lines()) {
      long[] t = l.times();
      double[] v = l.values();
      for (int i = 0; i < t.length; i++) {
        if (Double.isFinite(v[i])) {
          tMin = Math.min(tMin, t[i]);
          tMax = Math.max(tMax, t[i]);
          vMin = Math.min(vMin, v[i]);
          vMax = Math.max(vMax, v[i]);
        }
      }
    }
    boolean empty = tMin == Double.POSITIVE_INFINITY;
    if (empty) {
      tMin = 0;
      tMax = 1;
      vMin = 0;
      vMax = 1;
    }
    if (vMin >= 0 && vMin < vMax - vMin) {
      vMin = 0;
    }
    Axis x = Axis.linear(tMin, tMax, LEFT, RIGHT);
    Axis y = Axis.niceLinear(vMin, vMax, BOTTOM, TOP);
    List<Svg.Key> keys = new ArrayList<>();
    for (int i = 0; i < s.lines().size(); i++) {
      keys.add(new Svg.Key(Svg.Swatch.LINE, "ln c" + (i % COLOURS), s.lines().get(i).label()));
    }
    double legendTop = BOTTOM + 44;
    double height = legendTop + Svg.legendHeight(keys, RIGHT - LEFT) + 6;
    Svg.open(out, "chart series", id, WIDTH, height, "time series: " + s.title());
    StringBuilder grid = new StringBuilder();
    double[] yTicks = y.ticks();
    double step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
    for (double v : yTicks) {
      grid.append('M').append(num(LEFT)).append(' ').append(num(y.at(v))).append('H').append(num(RIGHT));
      Svg.text(out, LEFT - 6, y.at(v) + 4, "tl", "end", valueLabel(s.unit(), v, step));
    }
    Axis.TimeTicks tt = Axis.timeTicks(x.lo(), x.hi());
    for (int i = 0; i < tt.values().length; i++) {
      double px = x.at(tt.values()[i]);
      grid.append('M').append(num(px)).append(' ').append(num(TOP)).append('V').append(num(BOTTOM));
      Svg.text(out, px, BOTTOM + 16, "tl", "middle", tt.labels()[i]);
    }
    out.append("<path class=\"grid\" d=\"").append(grid).append("\"/>\n");
    axes(out);
    Svg.text(out, (LEFT + RIGHT) / 2, BOTTOM + 34, "at", "middle",
        tt.relative() ? "simulated time after " + Axis.human(Math.round(x.lo())) : "simulated time");
    Svg.text(out, LEFT + 4, TOP + 12, "at", "start", s.unit().symbol());
    if (empty) {
      Svg.text(out, (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2, "empty", "middle", "no points");
    }
    for (int i = 0; i < s.lines().size(); i++) {
      line(out, s.lines().get(i), x, y, "ln c" + (i % COLOURS));
    }
    Svg.legend(out, keys, LEFT, legendTop, RIGHT - LEFT);
    Svg.close(out);
  }

  /** One line as a path; a point that is not a number breaks it; points that round to the previous one are left out. */
  private static void line(StringBuilder out, Block.Line l, Axis x, Axis y, String cls) {
    long[] t = l.times();
    double[] v = l.values();
    StringBuilder path = new StringBuilder();
    String last = null;
    int run = 0;
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(v[i])) {
        last = null;
        continue;
      }
      String point = num(x.at(t[i])) + " " + num(y.at(v[i]));
      if (point.equals(last)) {
        continue;
      }
      boolean starts = last == null;
      path.append(starts ? "M" : run == 1 ? "L" : " ").append(point);
      run = starts ? 1 : run + 1;
      last = point;
    }
    if (path.length() == 0) {
      return;
    }
    out.append("<path class=\"").append(cls).append("\" d=\"").append(path).append("\"/>\n");
  }

  /** Colour levels of a heat map's non-empty cells (classes {@code hm1}..{@code hm8}; {@code hm0} is empty). */
  static final int HEAT_LEVELS = 8;

  /**
   * A heat map as a grid: rows top to bottom, simulated time across, each non-empty cell coloured
   * by its count's share of the largest (level {@code ceil(8 * count / max)}), with a tooltip.
   */
  static void heatMap(StringBuilder out, Block.HeatMap h, String id) {
    int rows = h.rows().size();
    int buckets = h.buckets();
    int longest = 0;
    for (String r : h.rows()) {
      longest = Math.max(longest, r.length());
    }
    double left = Math.min(160, Math.max(LEFT, 10 + longest * Svg.CHAR_WIDTH));
    double rowHeight = rows == 0 ? PLOT_HEIGHT : Math.max(6, Math.min(22, PLOT_HEIGHT / rows));
    double bottom = TOP + rowHeight * Math.max(rows, 1);
    long end = h.startNanos() + h.bucketNanos() * Math.max(buckets, 1);
    Axis x = Axis.linear(h.startNanos(), end, left, RIGHT);
    double cellWidth = (RIGHT - left) / Math.max(buckets, 1);
    double legendTop = bottom + 44;
    double height = legendTop + 24;
    long max = h.max();
    Svg.open(out, "chart heat", id, WIDTH, height, "heat map: " + h.title());
    Svg.rect(out, left, TOP, RIGHT - left, bottom - TOP, "hm0", "");
    // Label every row when they fit, else every k-th.
    int every = (int) Math.ceil(13 / rowHeight);
    for (int r = 0; r < rows; r++) {
      double top = TOP + r * rowHeight;
      if (r % every == 0) {
        Svg.text(out, left - 6, top + rowHeight / 2 + 4, "tl", "end", h.rows().get(r));
      }
      for (int b = 0; b < buckets; b++) {
        long c = h.count(r, b);
        if (c == 0) {
          continue;
        }
        long from = h.startNanos() + b * h.bucketNanos();
        Svg.rect(out, left + b * cellWidth, top, cellWidth, rowHeight, "hm" + heatLevel(c, max),
            h.rows().get(r) + ", " + Axis.human(from) + " to " + Axis.human(from + h.bucketNanos()) + ": " + c + " "
                + h.what());
      }
    }
    StringBuilder grid = new StringBuilder();
    Axis.TimeTicks tt = Axis.timeTicks(x.lo(), x.hi());
    for (int i = 0; i < tt.values().length; i++) {
      double px = x.at(tt.values()[i]);
      grid.append('M').append(num(px)).append(' ').append(num(bottom)).append('v').append(num(4));
      Svg.text(out, px, bottom + 16, "tl", "middle", tt.labels()[i]);
    }
    out.append("<path class=\"ax\" d=\"M").append(num(left)).append(' ').append(num(bottom)).append('H')
        .append(num(RIGHT)).append(grid).append("\"/>\n");
    Svg.text(out, (left + RIGHT) / 2, bottom + 34, "at", "middle",
        (tt.relative() ? "simulated time after " + Axis.human(Math.round(x.lo())) : "simulated time") + "; rows: "
            + h.rowLabel());
    if (max == 0) {
      Svg.text(out, (left + RIGHT) / 2, (TOP + bottom) / 2, "empty", "middle", "no " + h.what());
    }
    // The legend: the colour scale from the least to the most per cell.
    double swatch = 22;
    Svg.text(out, left, legendTop + 12, "lg", "start", h.what() + " per " + Axis.human(h.bucketNanos()) + ": 1");
    double sx = left + (h.what().length() + 12 + Axis.human(h.bucketNanos()).length()) * Svg.CHAR_WIDTH;
    for (int l = 1; l <= HEAT_LEVELS; l++) {
      Svg.rect(out, sx + (l - 1) * swatch, legendTop, swatch, 14, "hm" + l, "");
    }
    Svg.text(out, sx + HEAT_LEVELS * swatch + 6, legendTop + 12, "lg", "start", Long.toString(Math.max(max, 1)));
    Svg.close(out);
  }

  /** The colour level 1..8 of a non-empty cell: {@code ceil(8 * count / max)}. */
  static int heatLevel(long count, long max) {
    return (int) Math.min(HEAT_LEVELS, (count * HEAT_LEVELS + max - 1) / max);
  }

  /** The fault timeline as a strip: the network's partitions and each crashed node's downtime shaded, every fault a numbered mark. */
  static void faultStrip(StringBuilder out, Block.FaultTimeline f, String id) {
    long end = f.endNanos();
    for (TimedFault t : f.faults()) {
      end = Math.max(end, t.atNanos());
    }
    double left = 96;
    Axis x = Axis.linear(0, Math.max(end, 1), left, RIGHT);
    List<String> crashed = new ArrayList<>();
    for (TimedFault t : f.faults()) {
      if (t.fault() instanceof Fault.Crash c && !crashed.contains(c.node())) {
        crashed.add(c.node());
      }
    }
    // Number labels: the next of three levels whose last label is far enough to the left.
    int levels = 3;
    double[] levelEnd = new double[levels];
    Arrays.fill(levelEnd, Double.NEGATIVE_INFINITY);
    int[] level = new int[f.faults().size()];
    for (int i = 0; i < f.faults().size(); i++) {
      double px = x.at(f.faults().get(i).atNanos());
      String n = Integer.toString(i + 1);
      int chosen = -1;
      int leastCrowded = 0;
      for (int l = 0; l < levels && chosen < 0; l++) {
        if (levelEnd[l] < px - n.length() * Svg.CHAR_WIDTH / 2 - 2) {
          chosen = l;
        } else if (levelEnd[l] < levelEnd[leastCrowded]) {
          leastCrowded = l;
        }
      }
      chosen = chosen < 0 ? leastCrowded : chosen;
      level[i] = chosen;
      levelEnd[chosen] = px + n.length() * Svg.CHAR_WIDTH / 2;
    }
    double rowHeight = 20;
    double rowsTop = 8 + levels * 13;
    double rowsBottom = rowsTop + rowHeight * (1 + crashed.size());
    double height = rowsBottom + 26;
    Svg.open(out, "chart faults", id, WIDTH, height, "fault timeline" + (f.label().isEmpty() ? "" : ": " + f.label()));
    Svg.text(out, left - 8, rowsTop + 14, "tl", "end", "network");
    List<SpaceTime.Span> partitions = SpaceTime.builder("", "", List.of(), 0, end).faults(f.faults()).build().spans();
    for (SpaceTime.Span s : partitions) {
      Svg.rect(out, x.at(s.from()), rowsTop + 2, Math.max(1, x.at(s.to()) - x.at(s.from())), rowHeight - 4, "part",
          s.label());
    }
    for (int r = 0; r < crashed.size(); r++) {
      String node = crashed.get(r);
      double top = rowsTop + rowHeight * (r + 1);
      Svg.text(out, left - 8, top + 14, "tl", "end", node + " down");
      Long since = null;
      for (TimedFault t : f.faults()) {
        if (t.fault() instanceof Fault.Crash c && c.node().equals(node) && since == null) {
          since = t.atNanos();
        } else if (t.fault() instanceof Fault.Restart s && s.node().equals(node) && since != null) {
          downBox(out, x, since, t.atNanos(), top, rowHeight, node);
          since = null;
        }
      }
      if (since != null) {
        downBox(out, x, since, end, top, rowHeight, node);
      }
    }
    StringBuilder grid = new StringBuilder();
    for (int r = 0; r <= crashed.size() + 1; r++) {
      grid.append('M').append(num(left)).append(' ').append(num(rowsTop + r * rowHeight)).append('H').append(num(RIGHT));
    }
    out.append("<path class=\"grid\" d=\"").append(grid).append("\"/>\n");
    Axis.TimeTicks tt = Axis.timeTicks(x.lo(), x.hi());
    StringBuilder axis = new StringBuilder();
    for (int i = 0; i < tt.values().length; i++) {
      double px = x.at(tt.values()[i]);
      axis.append('M').append(num(px)).append(' ').append(num(rowsBottom)).append("v4");
      Svg.text(out, px, rowsBottom + 16, "tl", "middle", tt.labels()[i]);
    }
    axis.append('M').append(num(left)).append(' ').append(num(rowsBottom)).append('H').append(num(RIGHT));
    out.append("<path class=\"ax\" d=\"").append(axis).append("\"/>\n");
    for (int i = 0; i < f.faults().size(); i++) {
      TimedFault t = f.faults().get(i);
      double px = x.at(t.atNanos());
      String kind = kind(t.fault());
      out.append("<path class=\"fk ").append(kind).append("\" d=\"M").append(num(px)).append(' ')
          .append(num(8 + level[i] * 13 + 3)).append('V').append(num(rowsBottom)).append("\"><title>")
          .append(Markup.text((i + 1) + ". at " + Axis.human(t.atNanos()) + ": " + t.fault().describe()))
          .append("</title></path>\n");
      Svg.text(out, px, 8 + level[i] * 13, "fn " + kind, "middle", Integer.toString(i + 1));
    }
    Svg.close(out);
  }

  private static void downBox(StringBuilder out, Axis x, long from, long to, double top, double rowHeight, String node) {
    Svg.rect(out, x.at(from), top + 2, Math.max(1, x.at(to) - x.at(from)), rowHeight - 4, "down",
        node + " down from " + Axis.human(from) + " to " + Axis.human(to));
  }

  /** The class of a fault's mark: {@code net}, {@code node}, {@code clock}, {@code link} or {@code other}. */
  static String kind(Fault f) {
    if (f instanceof Fault.Partition || f instanceof Fault.Split || f instanceof Fault.MajorityMinority
        || f instanceof Fault.Isolate || f instanceof Fault.Cut || f instanceof Fault.Bridge || f instanceof Fault.Heal) {
      return "net";
    } else if (f instanceof Fault.Crash || f instanceof Fault.Restart) {
      return "node";
    } else if (f instanceof Fault.ClockOffset || f instanceof Fault.ClockDrift) {
      return "clock";
    } else if (f instanceof Fault.DegradeLink || f instanceof Fault.RestoreLink) {
      return "link";
    }
    return "other";
  }

  private static void axes(StringBuilder out) {
    out.append("<path class=\"ax\" d=\"M").append(num(LEFT)).append(' ').append(num(TOP)).append('V')
        .append(num(BOTTOM)).append('H').append(num(RIGHT)).append("\"/>\n");
  }

  /** A value-axis label in {@code unit}, with as many decimals as the tick {@code step} needs. */
  static String valueLabel(Unit unit, double v, double step) {
    switch (unit) {
      case NANOSECONDS:
        return Axis.human(Math.round(v));
      case RATIO:
        return num(100 * v, decimals(100 * step)) + "%";
      case BYTES:
        return v < 0 ? "-" + Unit.BYTES.format(Math.round(-v)) : Unit.BYTES.format(Math.round(v));
      default:
        double a = Math.abs(v);
        if (a >= 1e6 && step >= 1e5) {
          return num(v / 1e6, decimals(step / 1e6)) + "M";
        }
        if (a >= 1e4 && step >= 1e3) {
          return num(v / 1e3, decimals(step / 1e3)) + "k";
        }
        return num(v, decimals(step));
    }
  }

  /** Decimals that show a step of {@code step}: 0 for whole steps, up to 3. */
  private static int decimals(double step) {
    if (step >= 1) {
      return 0;
    }
    return (int) Math.min(3, Math.ceil(-Math.log10(step) - 1e-9));
  }
}
