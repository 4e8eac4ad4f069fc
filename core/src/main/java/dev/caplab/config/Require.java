package dev.caplab.config;

import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The argument and state checks of caplab's configurations, constructors and methods, with one
 * message shape: {@code "<name> must <rule>, got <value>"}, for example {@code "maxAttempts must
 * be >= 1, got 0"}, {@code "loss must be between 0.0 and 1.0, got 1.5"}, {@code "timeout must be
 * > 0s, got -250ms"}. A rule's bound is printed from the same value the check compares with, so
 * the text cannot disagree with the check. Durations are printed with {@link Durations#exact},
 * numbers as Java prints them ({@code 1}, {@code 0.5}, {@code 1.0}).
 *
 * <p>A bad argument is an {@link IllegalArgumentException}; {@link #requireState} is for a setting
 * made twice or options that clash at {@code build()} ({@link IllegalStateException}); {@link
 * #notNull} throws a {@link NullPointerException} whose message is the parameter's name, as {@link
 * Objects#requireNonNull(Object, String)} does. Each range check returns the value it checked, so
 * a setter reads {@code this.maxAttempts = Require.atLeast("maxAttempts", n, MIN_MAX_ATTEMPTS)}.
 * NaN fails every range check of a {@code double}. Ranges are written as in mathematics: {@code
 * [a, b)} includes {@code a} and excludes {@code b}; "between a and b" includes both.
 *
 * <p>A check that needs more words than a bound (a setting compared with another one, a list
 * that must not be empty) uses {@link #requireArgument(boolean, String, Object...)} with a
 * message of the same shape.
 *
 * <p>Thread-safe: stateless. The range checks and the forms of {@code requireArgument} and {@code
 * requireState} without arguments allocate only when they fail, so they may sit on a hot path; the
 * forms with a template and arguments box the arguments on every call.
 */
public final class Require {

  /** The longest duration a {@code long} of nanoseconds holds (about 292 years). */
  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  /** The most negative duration a {@code long} of nanoseconds holds. */
  private static final Duration MIN_NANOS = Duration.ofNanos(Long.MIN_VALUE);

  private Require() {}

  /** Throws an {@link IllegalArgumentException} with {@code message} unless {@code expression} holds. */
  public static void requireArgument(boolean expression, String message) {
    if (!expression) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Throws an {@link IllegalArgumentException} with {@code String.format(Locale.ROOT, template,
   * args)} as its message unless {@code expression} holds.
   */
  public static void requireArgument(boolean expression, String template, Object... args) {
    if (!expression) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, template, args));
    }
  }

  /** Throws an {@link IllegalStateException} with {@code message} unless {@code expression} holds. */
  public static void requireState(boolean expression, String message) {
    if (!expression) {
      throw new IllegalStateException(message);
    }
  }

  /**
   * Throws an {@link IllegalStateException} with {@code String.format(Locale.ROOT, template,
   * args)} as its message unless {@code expression} holds.
   */
  public static void requireState(boolean expression, String template, Object... args) {
    if (!expression) {
      throw new IllegalStateException(String.format(Locale.ROOT, template, args));
    }
  }

  /** Returns {@code value}, or throws a {@link NullPointerException} whose message is {@code name}. */
  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }

  // ---- int ----

  /** Checks {@code value >= min}. */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw fail(name, "be >= " + min, value);
    }
    return value;
  }

  /** Checks {@code value <= max}. */
  public static int atMost(String name, int value, int max) {
    if (value > max) {
      throw fail(name, "be <= " + max, value);
    }
    return value;
  }

  /** Checks {@code min <= value <= max}. */
  public static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw fail(name, "be between " + min + " and " + max, value);
    }
    return value;
  }

  // ---- long ----

  /** Checks {@code value >= min}. */
  public static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw fail(name, "be >= " + min, value);
    }
    return value;
  }

  /** Checks {@code value <= max}. */
  public static long atMost(String name, long value, long max) {
    if (value > max) {
      throw fail(name, "be <= " + max, value);
    }
    return value;
  }

  /** Checks {@code min <= value <= max}. */
  public static long between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw fail(name, "be between " + min + " and " + max, value);
    }
    return value;
  }

  // ---- double (NaN fails every check) ----

  /** Checks that {@code value} is neither infinite nor NaN. */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw fail(name, "be finite", value);
    }
    return value;
  }

  /** Checks {@code value >= min}. */
  public static double atLeast(String name, double value, double min) {
    if (!(value >= min)) {
      throw fail(name, "be >= " + min, value);
    }
    return value;
  }

  /** Checks {@code value > minExclusive}. */
  public static double greaterThan(String name, double value, double minExclusive) {
    if (!(value > minExclusive)) {
      throw fail(name, "be > " + minExclusive, value);
    }
    return value;
  }

  /** Checks {@code value <= max}. */
  public static double atMost(String name, double value, double max) {
    if (!(value <= max)) {
      throw fail(name, "be <= " + max, value);
    }
    return value;
  }

  /** Checks {@code min <= value <= max}. */
  public static double between(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw fail(name, "be between " + min + " and " + max, value);
    }
    return value;
  }

  /** Checks {@code min <= value < maxExclusive}: {@code value} in {@code [min, maxExclusive)}. */
  public static double inClosedOpen(String name, double value, double min, double maxExclusive) {
    if (!(value >= min && value < maxExclusive)) {
      throw fail(name, "be in [" + min + ", " + maxExclusive + ")", value);
    }
    return value;
  }

  /** Checks {@code minExclusive < value <= max}: {@code value} in {@code (minExclusive, max]}. */
  public static double inOpenClosed(String name, double value, double minExclusive, double max) {
    if (!(value > minExclusive && value <= max)) {
      throw fail(name, "be in (" + minExclusive + ", " + max + "]", value);
    }
    return value;
  }

  /**
   * As {@link #inOpenClosed(String, double, double, double)}, for a {@code float} setting, whose
   * value and bounds the message prints as floats ({@code 0.1}, not {@code 0.10000000149011612}).
   */
  public static float inOpenClosed(String name, float value, float minExclusive, float max) {
    if (!(value > minExclusive && value <= max)) {
      throw fail(name, "be in (" + minExclusive + ", " + max + "]", value);
    }
    return value;
  }

  /** Checks {@code minExclusive < value < maxExclusive}: {@code value} in {@code (min, max)}. */
  public static double inOpen(String name, double value, double minExclusive, double maxExclusive) {
    if (!(value > minExclusive && value < maxExclusive)) {
      throw fail(name, "be in (" + minExclusive + ", " + maxExclusive + ")", value);
    }
    return value;
  }

  // ---- Duration (null is a NullPointerException naming the parameter) ----

  /** Checks {@code value >= min}, for any length of {@code value}, and returns it. */
  public static Duration atLeast(String name, Duration value, Duration min) {
    notNull(value, name);
    if (value.compareTo(min) < 0) {
      throw fail(name, "be >= " + Durations.exact(min), Durations.exact(value));
    }
    return value;
  }

  /** Checks {@code min <= value <= max} and returns {@code value}. */
  public static Duration between(String name, Duration value, Duration min, Duration max) {
    notNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw fail(name, "be between " + Durations.exact(min) + " and " + Durations.exact(max),
          Durations.exact(value));
    }
    return value;
  }

  /** Checks that {@code value} is >= 0 and fits a long of nanoseconds, and returns it. */
  public static Duration nonNegative(String name, Duration value) {
    nonNegativeNanos(name, value);
    return value;
  }

  /** Checks that {@code value} is > 0 and fits a long of nanoseconds, and returns it. */
  public static Duration positive(String name, Duration value) {
    positiveNanos(name, value);
    return value;
  }

  /** Checks that {@code value} is >= 0 and fits a long of nanoseconds, and returns its nanoseconds. */
  public static long nonNegativeNanos(String name, Duration value) {
    notNull(value, name);
    if (value.isNegative()) {
      throw fail(name, "be >= " + Durations.exact(Duration.ZERO), Durations.exact(value));
    }
    return fitNanos(name, value);
  }

  /** Checks that {@code value} is > 0 and fits a long of nanoseconds, and returns its nanoseconds. */
  public static long positiveNanos(String name, Duration value) {
    notNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw fail(name, "be > " + Durations.exact(Duration.ZERO), Durations.exact(value));
    }
    return fitNanos(name, value);
  }

  /**
   * Checks that {@code value}, of either sign, fits a long of nanoseconds (about 292 years either
   * way), and returns its nanoseconds.
   */
  public static long nanos(String name, Duration value) {
    notNull(value, name);
    if (value.compareTo(MIN_NANOS) < 0 || value.compareTo(MAX_NANOS) > 0) {
      throw fail(name, "be between " + Durations.exact(MIN_NANOS) + " and " + Durations.exact(MAX_NANOS),
          Durations.exact(value));
    }
    return value.toNanos();
  }

  /** The nanoseconds of a duration known to be >= 0, checked to fit a long. */
  private static long fitNanos(String name, Duration value) {
    if (value.compareTo(MAX_NANOS) > 0) {
      throw fail(name, "be <= " + Durations.exact(MAX_NANOS), Durations.exact(value));
    }
    return value.toNanos();
  }

  private static IllegalArgumentException fail(String name, String rule, Object value) {
    return new IllegalArgumentException(name + " must " + rule + ", got " + value);
  }
}
