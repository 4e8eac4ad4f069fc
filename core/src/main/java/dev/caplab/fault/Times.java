package dev.caplab.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * Exact, compact formatting of virtual times for fault descriptions and validation messages
 * ("2s", "1500ms", "-250us"): a plan is written in round numbers, and the messages that point at
 * its entries should show them back in the same round numbers, not rounded to three digits.
 *
 * <p>Thread-safe: stateless.
 */
final class Times {

  private static final long[] UNITS = {1_000_000_000L, 1_000_000L, 1_000L, 1L};
  private static final String[] SUFFIXES = {"s", "ms", "us", "ns"};

  private Times() {}

  /** {@code d} in the largest unit that shows it exactly. */
  static String format(Duration d) {
    Objects.requireNonNull(d, "duration");
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      return d.toString();
    }
    return format(nanos);
  }

  /** {@code nanos} in the largest unit that shows it exactly. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (nanos % UNITS[i] == 0) {
        return (nanos / UNITS[i]) + SUFFIXES[i];
      }
    }
    throw new AssertionError("unreachable: every long is a multiple of 1 ns");
  }

  /** Checks that {@code d} is not null, not negative and fits in nanoseconds; returns it. */
  static Duration requireNonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + format(d));
    }
    requireNanos(name, d);
    return d;
  }

  /** Checks that {@code d} is not null, strictly positive and fits in nanoseconds; returns it. */
  static Duration requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + format(d));
    }
    requireNanos(name, d);
    return d;
  }

  private static void requireNanos(String name, Duration d) {
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          name + " must fit in a long of nanoseconds (about 292 years), got " + d, e);
    }
  }
}
