package dev.caplab.report;

import dev.caplab.time.Durations;
import java.util.Locale;

/**
 * What a metric or a table column measures, so that a value carries its unit instead of its name
 * carrying it ({@code recoveryMillis} next to {@code recoverMillis} next to {@code ...Nanos}):
 * machine renderings (JSON, CSV) write the value in the unit's base form and say the unit once;
 * human renderings (text, HTML) format it.
 *
 * <p>Base forms: {@link #NANOSECONDS}, {@link #COUNT} and {@link #BYTES} are whole numbers
 * ({@code Long}); {@link #RATIO} is a fraction ({@code Double}, 0.25 for a quarter); {@link
 * #BOOLEAN} a {@code Boolean}; {@link #TEXT} a {@code String}. Any value may be null: "does not
 * apply" (a recovery that never happened).
 */
public enum Unit {
  /** A duration or a point in (simulated) time, in nanoseconds. */
  NANOSECONDS("ns"),
  /** How many of something. */
  COUNT("count"),
  /** A fraction, usually between 0 and 1. */
  RATIO("ratio"),
  /** A size in bytes. */
  BYTES("bytes"),
  /** Yes or no. */
  BOOLEAN("boolean"),
  /** A word or a name. */
  TEXT("text");

  private final String symbol;

  Unit(String symbol) {
    this.symbol = symbol;
  }

  /** The unit's name in JSON and CSV: {@code ns}, {@code count}, {@code ratio}, ... */
  public String symbol() {
    return symbol;
  }

  /**
   * Checks that {@code value} has this unit's base form and returns it normalised ({@code Integer}
   * and other whole numbers become {@code Long}, floats {@code Double}).
   *
   * @throws IllegalArgumentException naming {@code name}, the value and the form expected
   */
  public Object require(String name, Object value) {
    if (value == null) {
      return null;
    }
    switch (this) {
      case NANOSECONDS, COUNT, BYTES -> {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        throw mismatch(name, value, "a whole number (Long)");
      }
      case RATIO -> {
        if (value instanceof Double || value instanceof Float) {
          double d = ((Number) value).doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(name + " must be a finite ratio, got " + d);
          }
          return d;
        }
        throw mismatch(name, value, "a fraction (Double)");
      }
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          return value;
        }
        throw mismatch(name, value, "a Boolean");
      }
      case TEXT -> {
        if (value instanceof String) {
          return value;
        }
        throw mismatch(name, value, "a String");
      }
      default -> throw new AssertionError(this);
    }
  }

  /**
   * {@code value} (in base form, or null) for a person: durations with three significant digits
   * ({@code 4.10ms}), ratios as percentages with one decimal ({@code 12.5%}), bytes in kB or MB,
   * yes/no, and a dash for null.
   */
  public String format(Object value) {
    if (value == null) {
      return "-";
    }
    return switch (this) {
      case NANOSECONDS -> {
        long nanos = (Long) value;
        yield nanos < 0 ? "-" + Durations.human(-nanos) : Durations.human(nanos);
      }
      case COUNT -> Long.toString((Long) value);
      case RATIO -> String.format(Locale.ROOT, "%.1f%%", 100 * (Double) value);
      case BYTES -> bytes((Long) value);
      case BOOLEAN -> (Boolean) value ? "yes" : "no";
      case TEXT -> (String) value;
    };
  }

  private static String bytes(long b) {
    if (b < 1000) {
      return b + " B";
    }
    if (b < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
  }

  private IllegalArgumentException mismatch(String name, Object value, String expected) {
    return new IllegalArgumentException(name + " is measured in " + symbol + " and must be " + expected + ", got "
        + value + " (" + value.getClass().getSimpleName() + ")");
  }
}
