package dev.caplab.report;

import static dev.caplab.report.Markup.attr;
import static dev.caplab.report.Markup.text;

import dev.caplab.fault.TimedFault;
import dev.caplab.metrics.LatencySummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report as one self-contained HTML page, for reading in a browser or on paper: the question
 * and the set-up in plain words, the body in order (prose, tables, latency CDFs with their
 * percentiles, time series, the fault timeline, a space-time diagram of the run's window), the
 * checks, and the seed, trace hash and command that reproduce the run.
 *
 * <p>The page needs nothing from the network and runs no script: the style is inline, charts and
 * the diagram are inline SVG. It is also well-formed XML. The same report always gives the same
 * bytes: nothing depends on the clock, the locale or hash order.
 *
 * <p>Thread-safe: stateless.
 */
public final class HtmlReport {

  /** The file {@link #write} creates in its directory. */
  public static final String FILE_NAME = "index.html";

  private static final String[] PERCENTILE_COLUMNS = {"count", "mean", "p50", "p90", "p99", "p99.9", "max"};

  private HtmlReport() {}

  /** The report as an HTML page. */
  public static String render(Report r) {
    StringBuilder out = new StringBuilder(8192);
    Header h = r.header();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<meta name=\"generator\" content=\"caplab\"/>\n")
        .append("<title>").append(text(h.scenario() + " (seed " + h.seed() + ") - caplab")).append("</title>\n")
        .append("<style>\n").append(HtmlStyle.CSS).append("</style>\n</head>\n<body>\n");
    header(out, h);
    out.append("<main>\n");
    Markup.Anchors anchors = new Markup.Anchors();
    for (Block b : r.blocks()) {
      block(out, b, anchors);
    }
    checks(out, r.checks());
    metrics(out, r.metrics());
    out.append("</main>\n");
    out.append("<footer>\n<p>trace hash <code>").append(text(h.traceHash())).append("</code>, seed <code>")
        .append(h.seed()).append("</code>. The same command gives the same run and this same page:</p>\n<pre><code>")
        .append(text(h.command())).append("</code></pre>\n</footer>\n</body>\n</html>\n");
    return out.toString();
  }

  /**
   * Writes the page to {@value #FILE_NAME} in {@code dir} (UTF-8), replacing an earlier one.
   *
   * @return the file written
   */
  public static Path write(Report r, Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, render(r), StandardCharsets.UTF_8);
    return file;
  }

  private static void header(StringBuilder out, Header h) {
    out.append("<header>\n<p class=\"kicker\">caplab report</p>\n<h1>").append(text(h.scenario())).append("</h1>\n");
    if (!h.question().isEmpty()) {
      out.append("<p class=\"question\">").append(text(h.question())).append("</p>\n");
    }
    out.append("<dl class=\"run\">\n");
    if (!h.variant().isEmpty()) {
      out.append("<dt>compares</dt><dd>").append(text(h.variant())).append("</dd>\n");
    }
    out.append("<dt>seed</dt><dd><code>").append(h.seed()).append("</code></dd>\n")
        .append("<dt>trace hash</dt><dd><code>").append(text(h.traceHash())).append("</code></dd>\n")
        .append("<dt>simulated time</dt><dd>").append(Axis.human(h.simulatedNanos())).append("</dd>\n")
        .append("</dl>\n<p>Reproduce this run (same seed, same trace hash, same page) with</p>\n<pre><code>")
        .append(text(h.command())).append("</code></pre>\n</header>\n");
  }

  private static void block(StringBuilder out, Block b, Markup.Anchors anchors) {
    if (b instanceof Block.Heading x) {
      out.append("<h2>").append(text(x.text())).append("</h2>\n");
    } else if (b instanceof Block.Paragraph x) {
      out.append("<p>").append(text(x.text())).append("</p>\n");
    } else if (b instanceof Block.Bullets x) {
      out.append("<ul>\n");
      for (String item : x.items()) {
        out.append("<li>").append(text(item)).append("</li>\n");
      }
      out.append("</ul>\n");
    } else if (b instanceof Block.Table x) {
      table(out, x, anchors.next("table", x.name()));
    } else if (b instanceof Block.Distribution x) {
      String id = anchors.next("distribution", x.name());
      out.append("<figure class=\"distribution\" id=\"").append(attr(id)).append("\">\n<figcaption>")
          .append(text(x.title())).append("</figcaption>\n");
      Charts.cdf(out, x, id + "-cdf");
      percentiles(out, x);
      out.append("</figure>\n");
    } else if (b instanceof Block.TimeSeries x) {
      String id = anchors.next("series", x.name());
      out.append("<figure class=\"series\" id=\"").append(attr(id)).append("\">\n<figcaption>")
          .append(text(x.title())).append("</figcaption>\n");
      Charts.timeSeries(out, x, id + "-chart");
      out.append("</figure>\n");
    } else if (b instanceof Block.FaultTimeline x) {
      faults(out, x, anchors.next("faults", x.label().isEmpty() ? "run" : x.label()));
    } else if (b instanceof Block.HeatMap x) {
      String id = anchors.next("heat", x.name());
      out.append("<figure class=\"heat\" id=\"").append(attr(id)).append("\">\n<figcaption>")
          .append(text(x.title())).append("</figcaption>\n");
      Charts.heatMap(out, x, id + "-chart");
      out.append("</figure>\n");
    } else if (b instanceof SpaceTime x) {
      spaceTime(out, x, anchors.next("spacetime", x.name()));
    } else {
      throw new IllegalArgumentException("unknown block " + b.getClass().getName());
    }
  }

  private static void table(StringBuilder out, Block.Table t, String id) {
    out.append("<table class=\"data\" id=\"").append(attr(id)).append("\">\n");
    if (!t.title().isEmpty()) {
      out.append("<caption>").append(text(t.title())).append("</caption>\n");
    }
    out.append("<thead><tr>");
    for (Block.Column c : t.columns()) {
      if (c.shown()) {
        out.append(numeric(c.unit()) ? "<th class=\"n\">" : "<th>").append(text(c.name())).append("</th>");
      }
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : t.rows()) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        Block.Column c = t.columns().get(i);
        if (c.shown()) {
          out.append(numeric(c.unit()) ? "<td class=\"n\">" : "<td>").append(text(c.format(row.get(i))))
              .append("</td>");
        }
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private static boolean numeric(Unit unit) {
    return unit == Unit.NANOSECONDS || unit == Unit.COUNT || unit == Unit.RATIO || unit == Unit.BYTES;
  }

  private static void percentiles(StringBuilder out, Block.Distribution d) {
    out.append("<table class=\"data percentiles\">\n<thead><tr><th></th>");
    for (String c : PERCENTILE_COLUMNS) {
      out.append("<th class=\"n\">").append(c).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (Block.Curve c : d.curves()) {
      LatencySummary s = c.summary();
      out.append("<tr><td>").append(text(c.label())).append("</td>");
      cell(out, Long.toString(s.count()));
      cell(out, s.count() == 0 ? "-" : Axis.human(Math.round(s.meanNanos())));
      for (long v : new long[] {s.p50(), s.p90(), s.p99(), s.p999(), s.max()}) {
        cell(out, s.count() == 0 ? "-" : Axis.human(v));
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private static void cell(StringBuilder out, String s) {
    out.append("<td class=\"n\">").append(text(s)).append("</td>");
  }

  private static void faults(StringBuilder out, Block.FaultTimeline f, String id) {
    out.append("<figure class=\"faults\" id=\"").append(attr(id)).append("\">\n<figcaption>")
        .append(text(f.label().isEmpty() ? "Fault timeline" : "Fault timeline (" + f.label() + ")"))
        .append(" <span class=\"sub\">up to ").append(Axis.human(f.endNanos())).append("</span></figcaption>\n");
    if (f.faults().isEmpty()) {
      out.append("<p>No faults.</p>\n</figure>\n");
      return;
    }
    Charts.faultStrip(out, f, id + "-strip");
    out.append("<ol class=\"faults\">\n");
    for (TimedFault t : f.faults()) {
      out.append("<li class=\"").append(Charts.kind(t.fault())).append("\"><span class=\"t\">")
          .append(Axis.human(t.atNanos())).append("</span> ").append(text(t.fault().describe())).append("</li>\n");
    }
    out.append("</ol>\n</figure>\n");
  }

  private static void spaceTime(StringBuilder out, SpaceTime d, String id) {
    long delivered = 0;
    long dropped = 0;
    long inFlight = 0;
    for (SpaceTime.Message m : d.messages()) {
      switch (m.fate()) {
        case DELIVERED -> delivered++;
        case DROPPED -> dropped++;
        case IN_FLIGHT -> inFlight++;
        default -> throw new AssertionError(m.fate());
      }
    }
    long[] outcomes = new long[SpaceTime.Outcome.values().length];
    for (SpaceTime.Operation o : d.operations()) {
      outcomes[o.outcome().ordinal()]++;
    }
    StringBuilder ops = new StringBuilder();
    for (SpaceTime.Outcome o : SpaceTime.Outcome.values()) {
      if (outcomes[o.ordinal()] > 0) {
        ops.append(ops.length() == 0 ? "" : ", ").append(Markup.count(outcomes[o.ordinal()])).append(' ')
            .append(SpaceTimeSvg.outcomeWords(o));
      }
    }
    out.append("<figure class=\"spacetime\" id=\"").append(attr(id)).append("\">\n<figcaption>")
        .append(text(d.title())).append(" <span class=\"sub\">")
        .append(text("from " + Axis.human(d.fromNanos()) + " to " + Axis.human(d.toNanos()) + ": "
            + Markup.count(d.messages().size()) + " messages (" + Markup.count(delivered) + " delivered, "
            + Markup.count(dropped) + " dropped, " + Markup.count(inFlight) + " in flight), "
            + Markup.count(d.operations().size()) + " client operations" + (ops.length() == 0 ? "" : " (" + ops + ")")))
        .append("</span></figcaption>\n");
    if (d.omittedMessages() > 0) {
      out.append("<p class=\"note\">").append(text(SpaceTimeSvg.shownNote(d))).append(".</p>\n");
    }
    out.append("<p class=\"how\">Time runs down; each vertical line is a node. An arrow is a message from its "
        + "send to its delivery; a red line ending in a cross is a message the network dropped. Shaded "
        + "bands are partitions, grey boxes on a line are a node being down, and bars on a line are client "
        + "operations, coloured by outcome.</p>\n");
    SpaceTimeSvg.render(out, d, id + "-diagram");
    out.append("</figure>\n");
  }

  private static void checks(StringBuilder out, List<Check> checks) {
    if (checks.isEmpty()) {
      return;
    }
    out.append("<section id=\"checks\">\n<h2>Checks</h2>\n<ul class=\"checks\">\n");
    for (Check c : checks) {
      out.append("<li class=\"").append(c.valid() ? "held" : "fails").append("\"><span class=\"badge\">")
          .append(c.valid() ? "held" : "FAILS").append("</span> ").append(text(c.statement()))
          .append(" <span class=\"check-name\">").append(text(c.name())).append("</span>");
      if (!c.evidence().isEmpty()) {
        out.append("\n<p class=\"evidence\">");
        for (int i = 0; i < c.evidence().size(); i++) {
          Metric m = c.evidence().get(i);
          out.append(i == 0 ? "" : ", ").append(text(m.name())).append(' ').append(text(m.formatted()));
        }
        out.append("</p>");
      }
      out.append("</li>\n");
    }
    out.append("</ul>\n</section>\n");
  }

  private static void metrics(StringBuilder out, List<Metric> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    out.append("<details id=\"figures\">\n<summary>All ").append(metrics.size())
        .append(" figures of the run (as in the JSON)</summary>\n<table class=\"data\">\n")
        .append("<thead><tr><th>figure</th><th class=\"n\">value</th><th>unit</th></tr></thead>\n<tbody>\n");
    for (Metric m : metrics) {
      out.append("<tr><td><code>").append(text(m.name())).append("</code></td><td class=\"n\">")
          .append(text(m.formatted())).append("</td><td>").append(m.unit().symbol()).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</details>\n");
  }
}
