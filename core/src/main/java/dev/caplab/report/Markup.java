package dev.caplab.report;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The small pieces the HTML rendering is built from: text and attribute escaping that also keeps
 * the page well-formed XML, numbers written the same way on every machine, and anchor names.
 *
 * <p>Thread-safe: stateless.
 */
final class Markup {

  private static final long[] POWERS = {1, 10, 100, 1000};

  private Markup() {}

  /** {@code s} as HTML text: {@code & < >} escaped, characters XML forbids replaced by U+FFFD. */
  static String text(String s) {
    return escape(s, false);
  }

  /** {@code s} as a quoted attribute value's content: also {@code " '} escaped. */
  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = null;
      if (c == '&') {
        replacement = "&amp;";
      } else if (c == '<') {
        replacement = "&lt;";
      } else if (c == '>') {
        replacement = "&gt;";
      } else if (attribute && c == '"') {
        replacement = "&quot;";
      } else if (attribute && c == '\'') {
        replacement = "&#39;";
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      } else if (!allowed(c)) {
        replacement = "\uFFFD";
      }
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  /** Whether XML 1.0 allows {@code c} on its own (a lone surrogate it does not). */
  private static boolean allowed(char c) {
    if (c < 0x20) {
      return c == '\t' || c == '\n' || c == '\r';
    }
    return !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
  }

  /** {@code v} rounded to one decimal, without a trailing {@code .0}: {@code 12}, {@code -3.5}. */
  static String num(double v) {
    return num(v, 1);
  }

  /**
   * {@code v} rounded half up to {@code decimals} (0 to 3) decimals, trailing zeros dropped,
   * never {@code -0}; independent of the default locale.
   */
  static String num(double v, int decimals) {
    long scaled = Math.round(v * POWERS[decimals]);
    if (scaled == 0) {
      return "0";
    }
    StringBuilder out = new StringBuilder(12);
    if (scaled < 0) {
      out.append('-');
      scaled = -scaled;
    }
    out.append(scaled / POWERS[decimals]);
    long frac = scaled % POWERS[decimals];
    if (frac != 0) {
      String digits = Long.toString(frac + POWERS[decimals]).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(digits, 0, end);
    }
    return out.toString();
  }

  /** A whole number with thousands separators: {@code 100,000}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Hands out anchor names that are unique within one page, in the order asked for. */
  static final class Anchors {
    private final Set<String> used = new LinkedHashSet<>();

    /** {@code prefix-name} with anything but letters, digits, {@code -} and {@code _} turned into {@code -}. */
    String next(String prefix, String name) {
      StringBuilder id = new StringBuilder(prefix).append('-');
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_';
        id.append(plain ? c : '-');
      }
      String base = id.toString();
      String candidate = base;
      for (int n = 2; used.contains(candidate); n++) {
        candidate = base + "-" + n;
      }
      used.add(candidate);
      return candidate;
    }
  }
}
