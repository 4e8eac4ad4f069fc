package dev.caplab.messaging.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks for the resilience configurations. Each message names the setting, the value
 * and the allowed range, and is built from the same bound the check uses, so the text can never
 * disagree with the check.
 *
 * <p>Thread-safe: stateless.
 */
final class Checks {

  private Checks() {}

  /**
   * The failure inside a {@link java.util.concurrent.CompletionException} or {@link
   * java.util.concurrent.ExecutionException} (how futures wrap what the call threw), else {@code t}:
   * what the predicates of a breaker or a retry judge.
   */
  static Throwable unwrapAsync(Throwable t) {
    boolean wrapper = t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException;
    return wrapper && t.getCause() != null ? t.getCause() : t;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static double atLeast(String name, double value, double min) {
    if (!(value >= min)) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** Checks {@code min <= value < maxExclusive}. */
  static double inHalfOpen(String name, double value, double min, double maxExclusive) {
    if (!(value >= min && value < maxExclusive)) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + maxExclusive + "), got " + value);
    }
    return value;
  }

  /** Checks {@code minExclusive < value < maxExclusive}. */
  static double inOpen(String name, double value, double minExclusive, double maxExclusive) {
    if (!(value > minExclusive && value < maxExclusive)) {
      throw new IllegalArgumentException(
          name + " must be in (" + minExclusive + ", " + maxExclusive + "), got " + value);
    }
    return value;
  }

  /** Checks {@code value >= min} and returns it in nanoseconds; messages show nanoseconds. */
  static long atLeast(String name, Duration value, Duration min) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          name + " must be >= " + nanos(min) + ", got " + nanos(value));
    }
    return saturatedNanos(value);
  }

  static String nanos(Duration d) {
    return saturatedNanos(d) + "ns";
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }
}
