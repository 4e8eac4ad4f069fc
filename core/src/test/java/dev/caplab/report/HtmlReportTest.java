package dev.caplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import dev.caplab.metrics.LatencyRecorder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * {@link HtmlReport}: the page's sections, charts and diagram, escaping, well-formedness,
 * determinism and size. The browser's view of it is {@link HtmlReportBrowserTest}'s.
 */
class HtmlReportTest {

  private static final long MS = 1_000_000L;
  /** Text that would break the page, or run, if it were not escaped. */
  private static final String NASTY = "<script>alert('x')</script> & \"q\" </p><b>";

  // ---- determinism ------------------------------------------------------------------------

  @Test
  void theSameReportGivesTheSameBytes() {
    Report r = sample("register");
    assertEquals(HtmlReport.render(r), HtmlReport.render(r));
    assertEquals(HtmlReport.render(RegisterRun.report(7)), HtmlReport.render(RegisterRun.report(7)),
        "seed 7 run twice in one JVM");
    assertNotEquals(HtmlReport.render(RegisterRun.report(7)), HtmlReport.render(RegisterRun.report(8)),
        "the page shows the run, so another seed gives another page");
  }

  // ---- escaping and well-formedness --------------------------------------------------------

  @Test
  void textFullOfMarkupComesBackUnchangedFromAWellFormedPage() throws Exception {
    String page = HtmlReport.render(sample(NASTY));
    Document doc = parse(page);
    XPath x = XPathFactory.newInstance().newXPath();
    assertEquals(NASTY, x.evaluate("//h1", doc));
    assertEquals(NASTY, x.evaluate("//p[@class='question']", doc));
    assertEquals(NASTY, x.evaluate("//header//pre/code", doc), "the command");
    assertEquals(NASTY, x.evaluate("//table[@id='table-sizes']/caption", doc));
    assertEquals(NASTY, x.evaluate("//table[@id='table-sizes']/tbody/tr[3]/td[1]", doc));
    assertEquals("space-time diagram: " + NASTY, x.evaluate("//svg[contains(@class,'spacetime')]/@aria-label", doc),
        "an attribute");
    assertEquals(NASTY.substring(0, 23) + "\u2026", x.evaluate("//svg[contains(@class,'spacetime')]//text[@class='nn'][1]",
        doc), "a node name, cut to fit above its line");
    assertEquals(NASTY, x.evaluate("//svg[contains(@class,'cdf')]//text[@class='lg'][2]", doc), "a curve label");
    assertTrue(x.evaluate("(//svg[contains(@class,'spacetime')]//path[@class='m']/title)[1]", doc).contains(NASTY),
        "a message type in its tooltip");
    assertEquals(NASTY, x.evaluate("//ul[@class='checks']/li[2]/text()[1]", doc).trim(), "a check statement");
  }

  @Test
  void markupInTextIsEscapedNotInterpreted() {
    String page = HtmlReport.render(sample(NASTY));
    assertFalse(page.contains("<script"), "no script element, neither ours nor smuggled in");
    assertFalse(page.contains("<b>"));
    assertFalse(page.contains("</p><b>"));
    assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"), "in attributes");
    assertTrue(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" &lt;/p&gt;&lt;b&gt;"), "in text");
  }

  @Test
  void charactersXmlForbidsAreReplacedSoThePageStaysWellFormed() throws Exception {
    Header h = new Header("bell\u0007and\u0000nul", "half a pair \uD800 here", "", 1, "0123456789abcdef", 0, "run");
    String page = HtmlReport.render(Report.builder(h).paragraph("emoji \uD83D\uDE00 kept").build());
    parse(page);
    assertTrue(page.contains("bell\uFFFDand\uFFFDnul"));
    assertTrue(page.contains("half a pair \uFFFD here"));
    assertTrue(page.contains("emoji \uD83D\uDE00 kept"), "a surrogate pair is one character and stays");
  }

  @Test
  void everySampleAndSeededPageParsesAsXml() throws Exception {
    parse(HtmlReport.render(sample("plain")));
    parse(HtmlReport.render(RegisterRun.report(3)));
    parse(HtmlReport.render(Diagrams.report(Diagrams.diagram(5_000, 12, 2, 1))));
  }

  // ---- self-contained ---------------------------------------------------------------------

  @Test
  void thePageNeedsNothingFromTheNetworkAndRunsNoScript() {
    String page = HtmlReport.render(RegisterRun.report(1));
    for (String banned : List.of("<script", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img", "@font-face")) {
      assertFalse(page.contains(banned), banned);
    }
    assertEquals(page.replace("http://www.w3.org/2000/svg", "").indexOf("http"), -1,
        "the only address is the SVG namespace name");
    assertTrue(page.contains("<style>") && page.contains("@media print{"), "inline style with a print stylesheet");
  }

  // ---- structure --------------------------------------------------------------------------

  @Test
  void theHeaderTheBodyInOrderTheChecksAndTheFooterFollowEachOther() {
    String page = HtmlReport.render(sample("order"));
    int[] at = {
        page.indexOf("<header>"), page.indexOf("<p class=\"question\">how big is it?</p>"),
        page.indexOf("<code>42</code>"), page.indexOf("<code>0123456789abcdef</code>"),
        page.indexOf("<dd>3.00s</dd>"), page.indexOf("<pre><code>caplab run order --seed 42</code></pre>"),
        page.indexOf("<h2>Sizes</h2>"), page.indexOf("<p>Some prose.</p>"), page.indexOf("<li>first finding</li>"),
        page.indexOf("id=\"table-sizes\""), page.indexOf("id=\"distribution-latency\""),
        page.indexOf("id=\"series-depth\""), page.indexOf("id=\"faults-run\""), page.indexOf("id=\"spacetime-window\""),
        page.indexOf("<section id=\"checks\">"), page.indexOf("<footer>"),
        page.lastIndexOf("<pre><code>caplab run order --seed 42</code></pre>")};
    for (int i = 0; i < at.length; i++) {
      assertTrue(at[i] >= 0, "part " + i + " is missing");
      assertTrue(i == 0 || at[i] > at[i - 1], "part " + i + " comes before part " + (i - 1));
    }
  }

  @Test
  void tableCellsAreFormattedByTheirColumnsUnit() {
    String page = HtmlReport.render(sample("units"));
    assertTrue(page.contains("<tr><td>a</td><td class=\"n\">4.10ms</td><td class=\"n\">12.5%</td>"
        + "<td class=\"n\">1.5 kB</td><td class=\"n\">7</td><td>yes</td></tr>"), page);
    assertTrue(page.contains("<tr><td>b</td><td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td>"
        + "<td class=\"n\">-</td><td>-</td></tr>"), "null cells are a dash");
  }

  @Test
  void aDistributionIsACdfWithOneLinePerCurveOnALogAxisAndAPercentileTable() {
    String page = HtmlReport.render(sample("cdf"));
    String figure = between(page, "<figure class=\"distribution\"", "</figure>");
    assertEquals(2, count(figure, Pattern.compile("<path class=\"ln c[0-9]\" d=\"M[^\"]*V")), "one line per curve");
    assertTrue(figure.contains("latency (log scale)"), "latencies from 100us to 1s span four decades");
    for (String tick : List.of(">100us<", ">1.00ms<", ">10.0ms<", ">100ms<", ">1.00s<")) {
      assertTrue(figure.contains(tick), tick);
    }
    assertTrue(figure.contains("<tr><td>fast</td><td class=\"n\">"), "a percentile row per curve");
    assertTrue(figure.contains("<tr><td>slow</td><td class=\"n\">"));
    assertTrue(figure.contains("<th class=\"n\">p99.9</th>"));
  }

  @Test
  void aTimeSeriesIsALineChartWithATimeAxisAndValuesInItsUnit() {
    String page = HtmlReport.render(sample("series"));
    String figure = between(page, "<figure class=\"series\"", "</figure>");
    assertEquals(2, count(figure, Pattern.compile("<path class=\"ln c[0-9]\" d=\"M[^\"]*L")), "one line per line");
    assertTrue(figure.contains(">simulated time<"));
    assertTrue(figure.contains(">1.00s<") && figure.contains(">3.00s<"), "time ticks");
    assertTrue(figure.contains(">40%<") && figure.contains(">100%<"), "a ratio series is labelled in percent");
  }

  @Test
  void theFaultTimelineIsAStripAndANumberedList() {
    String page = HtmlReport.render(sample("faults"));
    String figure = between(page, "<figure class=\"faults\"", "</figure>");
    assertEquals(4, count(figure, "<path class=\"fk "), "one mark per fault");
    assertEquals(1, count(figure, "<rect class=\"part\""), "the partition from 1s to the heal at 2s");
    assertEquals(1, count(figure, "<rect class=\"down\""), "b down from 1.5s to 2.5s");
    assertTrue(figure.contains("<li class=\"net\"><span class=\"t\">1.00s</span> partition [a] [b,c]</li>"), figure);
    assertTrue(figure.contains("<li class=\"node\"><span class=\"t\">2.50s</span> restart b</li>"));
  }

  @Test
  void theDiagramDrawsEveryMessageSpanAndOperation() {
    String page = HtmlReport.render(sample("diagram"));
    String diagram = between(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spacetime\"", "</svg>");
    String svg = withoutLegend(diagram);
    assertEquals(3, count(svg, "<path class=\"m\""), "delivered messages, each an arrow of its own");
    assertEquals(1, count(svg, "<path class=\"md\""), "the dropped message");
    assertEquals(1, count(svg, "<path class=\"mf\""), "the message still in flight");
    assertEquals(1, count(svg, "<path class=\"xm\""), "the cross where it was dropped");
    assertTrue(svg.contains("<title>a \u2192 c Put, sent 1.10s, dropped 1.20s (PARTITION)</title>"), svg);
    assertTrue(svg.contains("<title>c \u2192 b Put, sent 2.59s, still in flight at 2.60s</title>"), svg);
    assertEquals(1, count(svg, "<rect class=\"part\""));
    assertTrue(svg.contains(">partition [a] [b,c]</text>"), "the partition's label");
    assertEquals(1, count(svg, "<rect class=\"down\""));
    for (String outcome : List.of("ok", "failed", "unknown", "stale", "lost")) {
      assertEquals(1, count(svg, "<rect class=\"op " + outcome + "\""), outcome);
    }
    String legend = between(diagram, "<g class=\"legend\">", "</g>");
    assertTrue(legend.contains(">stale read</text>") && legend.contains(">lost write</text>"), "the legend");
    assertTrue(svg.contains(">x=1 (lost write)</text>"), "an operation's label says how it ended");
    assertFalse(page.contains("messages shown"), "nothing left out, nothing to say");
  }

  @Test
  void aSelfMessageIsALoopAndADroppedOneAtTheSendIsAStub() {
    SpaceTime d = new SpaceTime("w", "w", 0, 10 * MS, List.of("a", "b"), List.of(
        new SpaceTime.Message(0, 0, MS, 2 * MS, "Tick", SpaceTime.Fate.DELIVERED, ""),
        new SpaceTime.Message(0, 1, 3 * MS, 3 * MS, "Put", SpaceTime.Fate.DROPPED, "LOSS")), List.of(), List.of(), 0);
    String svg = HtmlReport.render(report(d));
    // a's line is at x=153, b's at 303; 1 ms is 32 units down from the window's top at 74.
    assertTrue(svg.contains("class=\"m\" d=\"M153 106q30 16 0 32m"), "a loop to the right of a's line: " + svg);
    assertTrue(svg.contains("class=\"md\" d=\"M153 170l60 0\""), "a stub two fifths of the way to b: " + svg);
    assertTrue(svg.contains("<path class=\"xm\" d=\"M210 167l6 6m0-6l-6 6\"/>"), "crossed out at its end: " + svg);
  }

  @Test
  void aThinnedDiagramSaysHowManyMessagesItShows() {
    SpaceTime d = SpaceTime.builder("w", "busy", Diagrams.names(4), 0, 2000 * MS)
        .trace(Diagrams.journal(250_000, 4, 2, 1)).build();
    assertEquals(83_334, d.messages().size(), "every third message");
    String page = HtmlReport.render(report(d));
    String note = "83,334 of 250,000 messages shown: the rest were left out evenly to keep the diagram small";
    assertTrue(page.contains("<p class=\"note\">" + note + ".</p>"), "above the diagram");
    assertTrue(page.contains("class=\"note\">" + note + "</text>"), "and in it");
    assertTrue(docs().contains("(\"" + note + "\")"), "docs/reports.md quotes the note as the page shows it");
  }

  @Test
  void aDiagramOfOneHundredThousandMessagesStaysUnderFiveMegabytes() {
    SpaceTime d = Diagrams.diagram(SpaceTime.MAX_MESSAGES, 20, 10, 1);
    assertEquals(SpaceTime.MAX_MESSAGES, d.messages().size());
    long start = System.nanoTime();
    String page = HtmlReport.render(Diagrams.report(d));
    long took = System.nanoTime() - start;
    int bytes = page.getBytes(StandardCharsets.UTF_8).length;
    System.out.printf("100,000 messages: %,d bytes of HTML, rendered in %d ms%n", bytes, took / 1_000_000);
    assertTrue(bytes < 5_000_000, "the page is " + bytes + " bytes");
    assertTrue(page.contains("class=\"spacetime dense\""), "drawn as one path per fate");
    String svg = between(page, "class=\"spacetime dense\"", "</svg>");
    long arrows = d.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.DELIVERED).count();
    Matcher paths = Pattern.compile("<path class=\"m\" d=\"([^\"]*)\"/>").matcher(withoutLegend(svg));
    int drawn = 0;
    int elements = 0;
    while (paths.find()) {
      drawn += count(paths.group(1), "M");
      elements++;
    }
    assertEquals(arrows, drawn, "one arrow per delivered message");
    assertEquals((arrows + SpaceTimeSvg.CHUNK - 1) / SpaceTimeSvg.CHUNK, elements, "in paths of a thousand");
  }

  @Test
  void nodesBeyondTheNamedOnesGetALineOfTheirOwn() {
    SpaceTime d = new SpaceTime("w", "w", 0, 10 * MS, List.of("a"), List.of(
        new SpaceTime.Message(0, 2, MS, 2 * MS, "Put", SpaceTime.Fate.DELIVERED, "")), List.of(), List.of(), 0);
    String page = HtmlReport.render(report(d));
    assertTrue(page.contains(">#1</text>") && page.contains(">#2</text>"), page);
  }

  @Test
  void anElementOnANegativeNodeIsRejectedWithWhatWasWrong() {
    SpaceTime d = new SpaceTime("w", "w", 0, 10 * MS, List.of("a"), List.of(
        new SpaceTime.Message(-3, 0, MS, 2 * MS, "Put", SpaceTime.Fate.DELIVERED, "")), List.of(), List.of(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(report(d)));
    assertTrue(e.getMessage().startsWith("message from must be a node index >= 0, got -3 in Message["), e.getMessage());
  }

  @Test
  void checksShowTheirVerdictStatementAndEvidence() {
    String page = HtmlReport.render(sample("checks"));
    assertTrue(page.contains("<li class=\"held\"><span class=\"badge\">held</span> every write survived "
        + "<span class=\"check-name\">durable</span>\n<p class=\"evidence\">lost 0</p></li>"), page);
    assertTrue(page.contains("<li class=\"fails\"><span class=\"badge\">FAILS</span> reads are fresh"));
    assertTrue(page.contains("<p class=\"evidence\">stale 3, share 25.0%</p>"));
  }

  @Test
  void writePutsThePageInIndexHtml(@TempDir Path dir) throws IOException {
    Report r = sample("file");
    Path file = HtmlReport.write(r, dir);
    assertEquals(dir.resolve("index.html"), file);
    assertEquals(HtmlReport.render(r), Files.readString(file, StandardCharsets.UTF_8));
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A report with one block of each kind; {@code text} goes wherever a report carries text. */
  static Report sample(String text) {
    boolean plain = !text.equals(NASTY);
    Header h = new Header(text, plain ? "how big is it?" : text, plain ? "" : text, 42, "0123456789abcdef",
        3_000 * MS, plain ? "caplab run " + text + " --seed 42" : text);
    LatencyRecorder fast = new LatencyRecorder();
    LatencyRecorder slow = new LatencyRecorder();
    for (int i = 1; i <= 1000; i++) {
      fast.record(100_000L + i * 1000L);
      slow.record(i * MS);
    }
    long[] times = {1000 * MS, 2000 * MS, 3000 * MS};
    List<TimedFault> faults = List.of(
        new TimedFault(Duration.ofSeconds(1), Fault.Partition.of(List.of("a"), List.of("b", "c"))),
        new TimedFault(Duration.ofMillis(1500), new Fault.Crash("b")),
        new TimedFault(Duration.ofSeconds(2), new Fault.Heal()),
        new TimedFault(Duration.ofMillis(2500), new Fault.Restart("b")));
    String node = plain ? "a" : text;
    SpaceTime diagram = SpaceTime.builder("window", plain ? "the partition" : text, List.of(node, "b", "c"),
            900 * MS, 2600 * MS)
        .faults(faults)
        .operation(0, 950 * MS, 990 * MS, "x=1", SpaceTime.Outcome.LOST)
        .operation(1, 950 * MS, 990 * MS, "read x", SpaceTime.Outcome.STALE)
        .operation(2, 950 * MS, 990 * MS, "read x", SpaceTime.Outcome.OK)
        .operation(1, 1950 * MS, 2990 * MS, "x=2", SpaceTime.Outcome.UNKNOWN)
        .operation(2, 1950 * MS, 2000 * MS, "read y", SpaceTime.Outcome.FAILED)
        .build();
    String type = plain ? "Put" : text;
    diagram = new SpaceTime(diagram.name(), diagram.title(), diagram.fromNanos(), diagram.toNanos(), diagram.nodes(),
        List.of(new SpaceTime.Message(0, 1, 1000 * MS, 1003 * MS, type, SpaceTime.Fate.DELIVERED, ""),
            new SpaceTime.Message(1, 0, 1004 * MS, 1010 * MS, type, SpaceTime.Fate.DELIVERED, ""),
            new SpaceTime.Message(0, 2, 1100 * MS, 1200 * MS, type, SpaceTime.Fate.DROPPED, "PARTITION"),
            new SpaceTime.Message(2, 0, 2100 * MS, 2110 * MS, type, SpaceTime.Fate.DELIVERED, ""),
            new SpaceTime.Message(2, 1, 2590 * MS, 2600 * MS, type, SpaceTime.Fate.IN_FLIGHT, "")),
        List.of(diagram.spans().get(0), new SpaceTime.Span(1, 1500 * MS, 2500 * MS, SpaceTime.SpanKind.DOWN, "down")),
        diagram.operations(), 0);
    return Report.builder(h)
        .heading("Sizes")
        .paragraph("Some prose.")
        .bullets(List.of("first finding", "second finding"))
        .add(Block.Table.builder("sizes", plain ? "" : text, new Block.Column("name", Unit.TEXT),
                new Block.Column("latency", Unit.NANOSECONDS), new Block.Column("share", Unit.RATIO),
                new Block.Column("size", Unit.BYTES), new Block.Column("n", Unit.COUNT),
                new Block.Column("up", Unit.BOOLEAN))
            .row("a", 4_100_000L, 0.125, 1500L, 7, true)
            .row("b", null, null, null, null, null)
            .row(text, 1L, 0.0, 1L, 1, false)
            .build())
        .add(new Block.Distribution("latency", "Latency", List.of(Block.Curve.of("fast", fast),
            Block.Curve.of(plain ? "slow" : text, slow))))
        .add(new Block.TimeSeries("depth", "Share done", Unit.RATIO, List.of(
            new Block.Line("done", times, new double[] {0.1, 0.5, 1.0}),
            new Block.Line("left", times, new double[] {0.9, 0.5, 0.0}))))
        .add(new Block.FaultTimeline("", faults, 3000 * MS))
        .add(diagram)
        .metric(Metric.count("lost", 0))
        .check(Check.of("durable", true, "every write survived", Metric.count("lost", 0)))
        .check(Check.of("fresh", false, plain ? "reads are fresh" : text, Metric.count("stale", 3),
            Metric.ratio("share", 0.25)))
        .build();
  }

  private static Report report(SpaceTime d) {
    return Report.builder(new Header("d", "", "", 1, "0123456789abcdef", d.toNanos(), "caplab run d")).add(d).build();
  }

  /** docs/reports.md, on one line (tests run in this module's folder). */
  private static String docs() {
    try {
      return Files.readString(Path.of("../docs/reports.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    } catch (IOException e) {
      throw new AssertionError("docs/reports.md is missing", e);
    }
  }

  /** Parses {@code page} as XML, failing on any error. */
  static Document parse(String page) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) throws SAXParseException {
        throw e;
      }

      @Override
      public void error(SAXParseException e) throws SAXParseException {
        throw e;
      }

      @Override
      public void fatalError(SAXParseException e) throws SAXParseException {
        throw e;
      }
    });
    return b.parse(new InputSource(new StringReader(page)));
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  static int count(String s, Pattern p) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** {@code svg} without its legend, whose swatches look like what they explain. */
  static String withoutLegend(String svg) {
    int start = svg.indexOf("<g class=\"legend\">");
    return start < 0 ? svg : svg.substring(0, start) + svg.substring(svg.indexOf("</g>", start) + 4);
  }

  static String between(String s, String from, String to) {
    int start = s.indexOf(from);
    assertTrue(start >= 0, "no " + from);
    int end = s.indexOf(to, start + from.length());
    assertTrue(end >= 0, "no " + to + " after " + from);
    return s.substring(start, end);
  }
}
