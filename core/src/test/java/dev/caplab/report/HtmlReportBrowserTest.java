package dev.caplab.report;

import static dev.caplab.report.HtmlReportTest.between;
import static dev.caplab.report.HtmlReportTest.count;
import static dev.caplab.report.HtmlReportTest.withoutLegend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: headless Chromium loads a page, and its DOM ({@code
 * --dump-dom}) holds the diagram with its arrows, the charts with their lines and the tables with
 * their rows, and its screenshot is not blank where the diagram and the charts are. Skipped, with
 * how to get it, when Chromium is not on the PATH.
 */
class HtmlReportBrowserTest {

  /** How long one Chromium run may take before it is killed. */
  private static final long LIMIT_SECONDS = 60;
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 4000;
  /**
   * Added to a copy of a page (the report itself runs no script): once the page is parsed, it
   * lays it out and notes where each SVG is, in CSS pixels of the whole page.
   */
  private static final String MEASURE = "<script>(function(){var out=[];"
      + "document.querySelectorAll('svg[id]').forEach(function(s){var r=s.getBoundingClientRect();"
      + "out.push(s.id+' '+Math.round(r.left+scrollX)+' '+Math.round(r.top+scrollY)+' '+Math.round(r.width)+' '"
      + "+Math.round(r.height));});document.body.setAttribute('data-layout',out.join(';'));})();</script>\n";

  @Test
  void chromiumShowsTheDiagramChartsAndTablesOfASeededRun(@TempDir Path dir) throws Exception {
    Path chromium = chromium();
    Report r = RegisterRun.report(1);
    Path page = HtmlReport.write(r, dir);
    String dom = run(chromium, dir, "--dump-dom", page.toUri().toString());

    SpaceTime model = (SpaceTime) r.blocks().stream().filter(b -> b instanceof SpaceTime).findFirst().orElseThrow();
    String diagram = withoutLegend(between(dom, "class=\"spacetime\"", "</svg>"));
    long delivered = model.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.DELIVERED).count();
    long dropped = model.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.DROPPED).count();
    assertTrue(delivered > 100 && dropped > 10, "the run has traffic and losses: " + delivered + ", " + dropped);
    assertEquals(delivered, count(diagram, Pattern.compile("<path class=\"m\" d=\"M[^\"]+m[^\"]+\"><title>")),
        "an arrow (a line and its head) per delivered message");
    assertEquals(dropped, count(diagram, "<path class=\"md\" d=\"M"), "a dashed line per dropped message");
    assertEquals(model.operations().size(), count(diagram, "<rect class=\"op "), "a bar per client operation");
    assertTrue(count(diagram, "<rect class=\"op lost\"") > 0 && count(diagram, "<rect class=\"op stale\"") > 0);
    assertEquals(2, count(between(dom, "class=\"chart cdf\"", "</svg>"),
        Pattern.compile("<path class=\"ln c[0-9]\" d=\"M[^\"]*V")), "the CDF's two curves");
    assertEquals(3, count(between(dom, "class=\"chart series\"", "</svg>"),
        Pattern.compile("<path class=\"ln c[0-9]\" d=\"M[^\"]*L")), "the series' three lines");
    assertEquals(3, count(between(dom, "id=\"table-replicas\"", "</table>"), "<tr><td>"), "a row per replica");
    assertEquals(6, count(between(dom, "id=\"table-outcomes\"", "</table>"), "<tr><td>"));
    assertEquals(2, count(between(dom, "class=\"data percentiles\"", "</table>"), "<tr><td>"));
    assertTrue(dom.contains("<span class=\"badge\">FAILS</span>") && dom.contains("<span class=\"badge\">held</span>"));

    Map<String, int[]> boxes = layout(chromium, dir, page);
    BufferedImage shot = screenshot(chromium, dir, page);
    for (String id : List.of("spacetime-window-diagram", "distribution-latency-cdf", "series-values-chart",
        "faults-run-strip")) {
      int[] box = boxes.get(id);
      assertTrue(box != null, id + " is laid out: " + boxes);
      Ink ink = ink(shot, box);
      System.out.printf("%s at %s: %d of %d pixels inked, %d colours%n", id, java.util.Arrays.toString(box),
          ink.inked(), ink.pixels(), ink.colours());
      assertTrue(ink.pixels() > 10_000, id + " is on the screenshot: " + java.util.Arrays.toString(box));
      assertTrue(ink.inked() > ink.pixels() / 50, id + " is not blank: " + ink);
      assertTrue(ink.colours() >= 8, id + " is drawn in colour: " + ink);
    }
  }

  @Test
  void chromiumRendersADiagramOfOneHundredThousandMessagesInUnderTwoSeconds(@TempDir Path dir) throws Exception {
    Path chromium = chromium();
    Path small = Files.createDirectories(dir.resolve("small"));
    Path big = Files.createDirectories(dir.resolve("big"));
    Path smallPage = HtmlReport.write(Diagrams.report(Diagrams.diagram(50, 5, 1, 1)), small);
    Path bigPage = HtmlReport.write(Diagrams.report(Diagrams.diagram(SpaceTime.MAX_MESSAGES, 20, 10, 1)), big);
    long bytes = Files.size(bigPage);
    assertTrue(bytes < 5_000_000, bytes + " bytes");

    Rendering baseline = rendering(chromium, small, smallPage);
    Rendering rendering = rendering(chromium, big, bigPage);
    System.out.printf("100,000 messages (%,d bytes): Chromium spent %d ms of CPU parsing, laying out, painting and "
        + "rasterizing the page (%d ms for a 50-message page); the screenshot took %d ms of wall time (%d ms)%n",
        bytes, rendering.cpuMillis(), baseline.cpuMillis(), rendering.wallMillis(), baseline.wallMillis());
    Map<String, int[]> boxes = layout(chromium, big, bigPage);
    Ink ink = ink(rendering.screenshot(), boxes.get("spacetime-big-diagram"));
    assertTrue(ink.inked() > ink.pixels() / 10, "the diagram is drawn: " + ink);
    assertTrue(rendering.cpuMillis() < 2_000, "rendering took " + rendering.cpuMillis() + " ms of CPU");
  }

  /**
   * What showing a page took Chromium: the CPU time of its parsing, style and layout, painting
   * and rasterizing (from its own trace, so it does not depend on what else the machine is
   * doing; nested phases count twice, so this is an upper bound), the wall time of the whole
   * run, browser start included, and the screenshot.
   */
  record Rendering(long cpuMillis, long wallMillis, BufferedImage screenshot) {}

  private static final Set<String> RENDERING_PHASES = Set.of("ParseHTML", "LocalFrameView::UpdateStyleAndLayout",
      "ProxyMain::BeginMainFrame", "RasterTask");

  private static Rendering rendering(Path chromium, Path dir, Path page) throws Exception {
    Path trace = dir.resolve("trace.json");
    Path png = dir.resolve("screenshot.png");
    long start = System.nanoTime();
    run(chromium, dir, "--trace-startup=blink,cc,devtools.timeline", "--trace-startup-format=json",
        "--trace-startup-file=" + trace, "--trace-startup-duration=0", "--screenshot=" + png, page.toUri().toString());
    long wall = (System.nanoTime() - start) / 1_000_000;
    long micros = 0;
    try (JsonParser p = new JsonFactory().createParser(trace.toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("traceEvents")) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = "";
            String phase = "";
            long threadMicros = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              p.nextToken();
              switch (field) {
                case "name" -> name = p.getText();
                case "ph" -> phase = p.getText();
                case "tdur" -> threadMicros = p.getLongValue();
                default -> p.skipChildren();
              }
            }
            if (phase.equals("X") && RENDERING_PHASES.contains(name)) {
              micros += threadMicros;
            }
          }
        }
      }
    }
    assertTrue(micros > 0, "the trace holds rendering phases: " + trace);
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, "no PNG at " + png);
    return new Rendering(micros / 1000, wall, image);
  }

  // ---- Chromium ---------------------------------------------------------------------------

  /** Chromium's path; skips the test, saying how to install it, when it is not on the PATH. */
  private static Path chromium() {
    Optional<Path> found = Optional.empty();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (found.isEmpty() && Files.isRegularFile(p) && Files.isExecutable(p)) {
          found = Optional.of(p);
        }
      }
    }
    Assumptions.assumeTrue(found.isPresent(),
        "chromium is not on the PATH; to run this test: apt-get install -y chromium");
    return found.orElseThrow();
  }

  /** Runs headless Chromium with a fresh profile and {@code args}, at most {@link #LIMIT_SECONDS}; returns its stdout. */
  private static String run(Path chromium, Path dir, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in " + LIMIT_SECONDS + " s: " + command);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium failed: " + command + "\n" + Files.readString(err));
    return stdout;
  }

  private static BufferedImage screenshot(Path chromium, Path dir, Path page) throws Exception {
    Path png = dir.resolve("screenshot.png");
    Files.deleteIfExists(png);
    run(chromium, dir, "--screenshot=" + png, page.toUri().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, "no PNG at " + png);
    assertEquals(WIDTH, image.getWidth());
    return image;
  }

  /**
   * Where Chromium lays out each SVG of {@code page} (x, y, width, height by id, in CSS pixels of
   * the page): from a copy of the page with a measuring script.
   */
  private static Map<String, int[]> layout(Path chromium, Path dir, Path page) throws Exception {
    String html = Files.readString(page, StandardCharsets.UTF_8);
    Path measured = dir.resolve("measured.html");
    Files.writeString(measured, html.replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);
    String dom = run(chromium, dir, "--dump-dom", measured.toUri().toString());
    Matcher m = Pattern.compile("<body data-layout=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), "the measuring script ran: " + dom.substring(0, Math.min(400, dom.length())));
    Map<String, int[]> boxes = new LinkedHashMap<>();
    for (String box : m.group(1).split(";")) {
      String[] f = box.split(" ");
      boxes.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          Integer.parseInt(f[4])});
    }
    return boxes;
  }

  /** What is painted in a box of a screenshot (the part of it the screenshot holds). */
  record Ink(long pixels, long inked, int colours) {}

  private static Ink ink(BufferedImage image, int[] box) {
    int x0 = Math.max(0, box[0]);
    int y0 = Math.max(0, box[1]);
    int x1 = Math.min(image.getWidth(), box[0] + box[2]);
    int y1 = Math.min(image.getHeight(), box[1] + box[3]);
    long pixels = 0;
    long inked = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        pixels++;
        if (rgb != 0xFFFFFF) {
          inked++;
        }
        colours.add(rgb);
      }
    }
    return new Ink(pixels, inked, colours.size());
  }
}
