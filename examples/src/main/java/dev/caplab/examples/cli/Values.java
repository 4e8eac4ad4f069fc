package dev.caplab.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parsing of option values kept as text, so that a bad value gets a message naming the option,
 * the value and what is allowed (a {@link BadValueException}, exit 2) instead of picocli's
 * generic one. Every command parses its numbers here, so they all accept the same spellings:
 * integers are decimal digits with an optional sign and nothing around them (no spaces); other
 * numbers are plain decimals with an optional exponent ({@code 2.5}, {@code 1e3}), never Java's
 * hexadecimal floats, type suffixes, NaN or Infinity. Items of a comma-separated list may have
 * spaces around the commas. Stateless.
 */
final class Values {

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  private Values() {}

  /** A long, e.g. a seed. */
  static long parseLong(CommandLine cmd, String option, String text) {
    String s = text;
    if (!INTEGER.matcher(s).matches()) {
      throw new BadValueException(cmd, option + " must be an integer, got '" + text + "'");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new BadValueException(cmd, option + " must be between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
          + ", got '" + text + "'");
    }
  }

  /** An integer of at least {@code min}. */
  static int parseInt(CommandLine cmd, String option, String text, int min) {
    return parseInt(cmd, option, text, min, Integer.MAX_VALUE, "");
  }

  /**
   * An integer between {@code min} and {@code max}; {@code why} (may be empty) follows the range
   * in the message, to say where a bound comes from.
   */
  static int parseInt(CommandLine cmd, String option, String text, int min, int max, String why) {
    String s = text;
    if (!INTEGER.matcher(s).matches()) {
      throw new BadValueException(cmd, option + " must be an integer, got '" + text + "'");
    }
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // beyond an int (even beyond a long): falls through to the range message
    }
    throw new BadValueException(cmd, option + " must be between " + min + " and " + max + (why.isEmpty() ? "" : " "
        + why) + ", got " + s);
  }

  /** A comma-separated list of integers, each at least {@code min}. */
  static List<Integer> parseIntList(CommandLine cmd, String option, String text, int min) {
    List<Integer> out = new ArrayList<>();
    for (String part : split(cmd, option, text)) {
      if (!INTEGER.matcher(part).matches()) {
        throw new BadValueException(cmd, option + " must be a comma-separated list of integers, got '" + text
            + "' ('" + part + "' is not an integer)");
      }
      out.add(parseInt(cmd, option, part, min));
    }
    return out;
  }

  /** A comma-separated list of durations in ms, each >= 0. */
  static List<Double> parseMillisList(CommandLine cmd, String option, String text) {
    return parseNumbers(cmd, option, text, "numbers of ms", v -> v >= 0 && !Double.isInfinite(v), ">= 0 ms");
  }

  /** A comma-separated list of percentages, each strictly between 0 and 100. */
  static List<Double> parsePercentList(CommandLine cmd, String option, String text) {
    return parseNumbers(cmd, option, text, "percentages", v -> v > 0 && v < 100,
        "percentages between 0 and 100 (exclusive)");
  }

  /** Numbers separated by commas, each one {@code allowed} (NaN never is), else an error naming the rule. */
  private static List<Double> parseNumbers(CommandLine cmd, String option, String text, String what,
      DoublePredicate allowed, String rule) {
    List<Double> out = new ArrayList<>();
    for (String part : split(cmd, option, text)) {
      if (!DECIMAL.matcher(part).matches()) {
        throw new BadValueException(cmd, option + " must be a comma-separated list of " + what + ", got '" + text
            + "' ('" + part + "' is not a decimal number)");
      }
      double v = Double.parseDouble(part);
      if (Double.isNaN(v) || !allowed.test(v)) {
        throw new BadValueException(cmd, option + " values must be " + rule + ", got " + part);
      }
      out.add(v);
    }
    return out;
  }

  /** The items of a comma-separated list, without the spaces around them; none may be empty. */
  static List<String> split(CommandLine cmd, String option, String text) {
    List<String> parts = new ArrayList<>();
    for (String p : text.split(",", -1)) {
      String s = p.trim();
      if (s.isEmpty()) {
        throw new BadValueException(cmd, option + " must be a comma-separated list without empty items, got '"
            + text + "'");
      }
      parts.add(s);
    }
    return parts;
  }

  /** One of {@code allowed} (case-insensitive); returns it in lower case. */
  static String oneOf(CommandLine cmd, String option, String text, List<String> allowed) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new BadValueException(cmd, option + " must be one of " + String.join(", ", allowed) + ", got '" + text
          + "'");
    }
    return v;
  }

  /** A number formatted for tables and CSV: fixed decimals, '.' as the separator. */
  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** {@code text} (one paragraph) broken into lines of at most {@code width} characters at spaces. */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    int lineLength = 0;
    for (String word : text.strip().split(" +")) {
      if (lineLength > 0 && lineLength + 1 + word.length() > width) {
        out.append('\n');
        lineLength = 0;
      } else if (lineLength > 0) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
    }
    return out.append('\n').toString();
  }
}
