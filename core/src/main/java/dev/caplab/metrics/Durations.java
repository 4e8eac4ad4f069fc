package dev.caplab.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats nanosecond durations for people: reports and summaries put latencies from microseconds
 * to seconds side by side, and three significant digits in the largest fitting unit is what a
 * reader compares at a glance (HdrHistogram keeps no more precision than that anyway).
 *
 * <p>Thread-safe: stateless.
 */
public final class Durations {

  private static final int SIGNIFICANT_DIGITS = 3;
  private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP);
  private static final long NANOS_PER_MICRO = 1_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Durations() {}

  /**
   * Formats {@code nanos} with three significant digits in ns, us, ms or s, for example {@code
   * "850ns"}, {@code "4.10ms"}, {@code "21.3ms"}, {@code "1.50s"}. Nanoseconds below 1000 are
   * exact; larger values round half up, and a value that rounds up to 1000 of a unit is shown in
   * the next unit ({@code 999_999ns} is {@code "1.00ms"}). Seconds are the largest unit.
   *
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public static String human(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("nanos must be >= 0, was " + nanos);
    }
    if (nanos < NANOS_PER_MICRO) {
      return nanos + "ns";
    }
    BigDecimal rounded = new BigDecimal(nanos).round(ROUNDING);
    long roundedNanos = rounded.longValueExact();
    if (roundedNanos < NANOS_PER_MILLI) {
      return inUnit(rounded, 3, "us");
    }
    if (roundedNanos < NANOS_PER_SECOND) {
      return inUnit(rounded, 6, "ms");
    }
    return inUnit(rounded, 9, "s");
  }

  private static String inUnit(BigDecimal nanos, int unitDigits, String unit) {
    BigDecimal value = nanos.movePointLeft(unitDigits);
    int integerDigits = value.toBigInteger().toString().length();
    int decimals = Math.max(0, SIGNIFICANT_DIGITS - integerDigits);
    return value.setScale(decimals, RoundingMode.HALF_UP).toPlainString() + unit;
  }
}
