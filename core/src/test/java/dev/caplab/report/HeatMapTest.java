package dev.caplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/** The heat map block: its checks, and how each rendering shows it. */
class HeatMapTest {

  static final long MS = 1_000_000L;

  private static Block.HeatMap sample() {
    return new Block.HeatMap("heat", "Writes per partition", "partition", "writes", List.of("p0", "p1 <hot>", "p2"),
        100 * MS, 100 * MS, new long[][] {{0, 1, 2}, {80, 40, 0}, {0, 0, 0}});
  }

  private static Report report(Block b) {
    return Report.builder(new Header("demo", "Where?", "", 7, "0123456789abcdef", 400 * MS, "caplab run demo"))
        .add(b).build();
  }

  @Test
  void badShapesAndCountsAreRefusedNamingTheMap() {
    List<String> two = List.of("a", "b");
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> new Block.HeatMap("h", "", "row", "w", two, 0, 1, new long[][] {{1}}));
    assertEquals("heat map h: counts must have a row per label (2), got 1", rows.getMessage());
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> new Block.HeatMap("h", "", "row", "w", two, 0, 1, new long[][] {{1, 2}, {3}}));
    assertEquals("heat map h: every row must have 2 buckets, got 1 in row b", ragged.getMessage());
    assertEquals("heat map h: counts must be >= 0, got -1 in row a", assertThrows(IllegalArgumentException.class,
        () -> new Block.HeatMap("h", "", "row", "w", two, 0, 1, new long[][] {{-1}, {3}})).getMessage());
    assertEquals("heat map h: bucketNanos must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new Block.HeatMap("h", "", "row", "w", two, 0, 0, new long[][] {{1}, {3}})).getMessage());
    assertEquals("heat map h: startNanos must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> new Block.HeatMap("h", "", "row", "w", two, -1, 1, new long[][] {{1}, {3}})).getMessage());
    new Block.HeatMap("h", "", "row", "w", two, 0, 1, new long[][] {{0}, {0}}); // zeros are fine
  }

  @Test
  void theBlockKeepsItsOwnCopyAndComparesByValue() {
    long[][] counts = {{1, 2}};
    Block.HeatMap h = new Block.HeatMap("h", "", "row", "w", List.of("a"), 0, 5, counts);
    counts[0][0] = 99;
    assertEquals(1, h.count(0, 0));
    h.counts()[0][1] = 99;
    assertEquals(2, h.count(0, 1));
    assertEquals(2, h.max());
    assertEquals(2, h.buckets());
    Block.HeatMap same = new Block.HeatMap("h", "", "row", "w", List.of("a"), 0, 5, new long[][] {{1, 2}});
    assertEquals(h, same);
    assertEquals(h.hashCode(), same.hashCode());
    assertNotEquals(h, new Block.HeatMap("h", "", "row", "w", List.of("a"), 0, 5, new long[][] {{1, 3}}));
    assertNotEquals(h, new Block.HeatMap("h", "", "row", "w", List.of("a"), 5, 5, new long[][] {{1, 2}}));
  }

  @Test
  void aCellsLevelIsItsShareOfTheLargestInEighthsRoundedUp() {
    assertEquals(1, Charts.heatLevel(1, 80));
    assertEquals(1, Charts.heatLevel(10, 80));
    assertEquals(2, Charts.heatLevel(11, 80));
    assertEquals(4, Charts.heatLevel(40, 80));
    assertEquals(8, Charts.heatLevel(80, 80));
    assertEquals(8, Charts.heatLevel(1, 1));
  }

  @Test
  void htmlDrawsAColouredCellWithATooltipForEveryNonEmptyCell() throws Exception {
    String page = HtmlReport.render(report(sample()));
    Document doc = HtmlReportTest.parse(page);
    Element svg = null;
    NodeList svgs = doc.getElementsByTagName("svg");
    for (int i = 0; i < svgs.getLength(); i++) {
      if (((Element) svgs.item(i)).getAttribute("id").equals("heat-heat-chart")) {
        svg = (Element) svgs.item(i);
      }
    }
    assertTrue(svg != null, "the chart has its id");
    NodeList rects = svg.getElementsByTagName("rect");
    List<String> cells = new java.util.ArrayList<>();
    for (int i = 0; i < rects.getLength(); i++) {
      Element r = (Element) rects.item(i);
      if (r.getElementsByTagName("title").getLength() > 0) {
        cells.add(r.getAttribute("class") + " " + r.getTextContent());
      }
    }
    assertEquals(List.of("hm1 p0, 200ms to 300ms: 1 writes", "hm1 p0, 300ms to 400ms: 2 writes",
        "hm8 p1 <hot>, 100ms to 200ms: 80 writes", "hm4 p1 <hot>, 200ms to 300ms: 40 writes"), cells);
    assertTrue(page.contains(".hm8{fill:"), "the stylesheet colours every level");
    assertEquals(page, HtmlReport.render(report(sample())), "same map, same bytes");
  }

  @Test
  void anEmptyMapSaysSo() throws Exception {
    String page = HtmlReport.render(report(new Block.HeatMap("h", "t", "row", "writes", List.of("a"), 0, 10,
        new long[][] {{0, 0}})));
    HtmlReportTest.parse(page);
    assertTrue(page.contains(">no writes</text>"), page);
  }

  @Test
  void textPrintsEachRowsTotalAndPeak() {
    String text = TextReport.render(report(sample()));
    assertTrue(text.contains("Writes per partition (a heat map in the HTML report)\n"
        + "  partition  writes  peak per 100ms  peak at\n"
        + "  p0              3               2    300ms\n"
        + "  p1 <hot>      120              80    100ms\n"
        + "  p2              0               0        -\n"), text);
  }

  @Test
  void csvWritesOneLinePerCellAndJsonLeavesTheBodyOut() {
    Report r = report(sample());
    String csv = CsvReport.render(r, "heat");
    assertTrue(csv.startsWith("partition,fromNanos,toNanos,writes\np0,100000000,200000000,0\np0,200000000,300000000,1\n"),
        csv);
    assertTrue(csv.contains("p1 <hot>,100000000,200000000,80\n"), csv);
    assertEquals(1 + 9, csv.split("\n").length);
    assertFalse(JsonReport.render(r).contains("heat"), "the body is for people, as tables are");
    assertThrows(IllegalArgumentException.class, () -> CsvReport.render(r, "nothing"));
  }
}
