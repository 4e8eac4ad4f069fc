package dev.caplab.report;

import static dev.caplab.report.Markup.attr;
import static dev.caplab.report.Markup.num;

import java.util.List;

/**
 * Writes the SVG elements the charts and the space-time diagram share: the root element, text,
 * rectangles and a wrapping legend. Styling comes from the page's stylesheet through classes,
 * never from per-element styles, which keeps large diagrams small.
 *
 * <p>Thread-safe: stateless.
 */
final class Svg {

  /** Average advance of one character of the chart font, for laying out labels. */
  static final double CHAR_WIDTH = 6.6;
  /** Height of one legend row. */
  static final double LEGEND_ROW = 18;

  private Svg() {}

  /** Opens an {@code <svg>} of {@code width} x {@code height} user units that scales down to fit the page. */
  static void open(StringBuilder out, String cls, String id, double width, double height, String label) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cls).append("\" id=\"").append(attr(id))
        .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height)).append("\" width=\"")
        .append(num(width)).append("\" height=\"").append(num(height)).append("\" role=\"img\" aria-label=\"")
        .append(attr(label)).append("\">\n");
  }

  static void close(StringBuilder out) {
    out.append("</svg>\n");
  }

  /** A text element; {@code anchor} is {@code start}, {@code middle} or {@code end}. */
  static void text(StringBuilder out, double x, double y, String cls, String anchor, String s) {
    out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
    if (!cls.isEmpty()) {
      out.append(" class=\"").append(cls).append('"');
    }
    if (!anchor.equals("start")) {
      out.append(" text-anchor=\"").append(anchor).append('"');
    }
    out.append('>').append(Markup.text(s)).append("</text>\n");
  }

  /** A rectangle, with a tooltip when {@code title} is not empty. */
  static void rect(StringBuilder out, double x, double y, double w, double h, String cls, String title) {
    out.append("<rect class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append('"');
    if (title.isEmpty()) {
      out.append("/>\n");
    } else {
      out.append("><title>").append(Markup.text(title)).append("</title></rect>\n");
    }
  }

  /** An entry of a legend: its swatch's kind and class, and its words. */
  record Key(Swatch swatch, String cls, String label) {}

  /** How a legend entry's swatch is drawn. */
  enum Swatch {
    /** A short horizontal line. */
    LINE,
    /** A short arrow. */
    ARROW,
    /** A dashed line ending in a cross, as a dropped message. */
    CROSS,
    /** A filled box. */
    BOX
  }

  /** How tall a legend of {@code keys} is when it wraps within {@code width}. */
  static double legendHeight(List<Key> keys, double width) {
    return legend(null, keys, 0, 0, width);
  }

  /**
   * Draws a legend from ({@code x}, {@code y}) (top left), wrapping within {@code width}, and
   * returns its height; with a null {@code out} only measures it.
   */
  static double legend(StringBuilder out, List<Key> keys, double x, double y, double width) {
    if (keys.isEmpty()) {
      return 0;
    }
    double cx = x;
    double cy = y;
    if (out != null) {
      out.append("<g class=\"legend\">\n");
    }
    for (Key k : keys) {
      double w = 30 + k.label().length() * CHAR_WIDTH + 16;
      if (cx > x && cx + w > x + width) {
        cx = x;
        cy += LEGEND_ROW;
      }
      if (out != null) {
        double mid = cy + LEGEND_ROW / 2;
        switch (k.swatch()) {
          case LINE -> out.append("<path class=\"").append(k.cls()).append("\" d=\"M").append(num(cx)).append(' ')
              .append(num(mid)).append("h24\"/>\n");
          case ARROW -> out.append("<path class=\"").append(k.cls()).append("\" d=\"M").append(num(cx)).append(' ')
              .append(num(mid)).append("h24m-6-3l6 3l-6 3\"/>\n");
          case CROSS -> out.append("<path class=\"").append(k.cls()).append("\" d=\"M").append(num(cx)).append(' ')
              .append(num(mid)).append("h20\"/>\n<path class=\"xm\" d=\"M").append(num(cx + 17)).append(' ')
              .append(num(mid - 3)).append("l6 6m0-6l-6 6\"/>\n");
          case BOX -> rect(out, cx + 4, mid - 5, 16, 10, k.cls(), "");
          default -> throw new AssertionError(k.swatch());
        }
        text(out, cx + 30, mid + 4, "lg", "start", k.label());
      }
      cx += w;
    }
    if (out != null) {
      out.append("</g>\n");
    }
    return cy - y + LEGEND_ROW;
  }
}
