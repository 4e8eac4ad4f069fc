package dev.caplab.time;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How caplab prints a duration, in one of two forms:
 *
 * <ul>
 *   <li>{@link #human(long) human}: three significant digits in ns, us, ms or s ({@code "850ns"},
 *       {@code "4.10ms"}, {@code "21.3ms"}, {@code "1.50s"}), for measured values in reports and
 *       summaries. Latencies from microseconds to seconds stand side by side there, and three
 *       digits in the largest fitting unit is what a reader compares at a glance (HdrHistogram
 *       keeps no more precision than that anyway).
 *   <li>{@link #exact(long) exact}: the value exactly, in the largest of s, ms, us and ns that is
 *       not larger than it, with as many decimals as it takes ({@code "2s"}, {@code "1.5s"},
 *       {@code "250ms"}, {@code "1.000001ms"}, {@code "-250us"}), for settings echoed back, fault
 *       descriptions and error messages. A plan or a configuration is written in round numbers,
 *       and what points at it should show them back as written, not rounded.
 * </ul>
 *
 * <p>Signs: {@code human} prints an amount of time (a latency, a wait, the time since the start)
 * and refuses a negative one; {@code exact} prints any duration, a negative one with a leading
 * {@code '-'}. Neither has an infinity: a caller whose value may be unbounded says so in words
 * ("never"). Seconds are the largest unit of both.
 *
 * <p>Thread-safe: stateless.
 */
public final class Durations {

  private static final int SIGNIFICANT_DIGITS = 3;
  private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP);
  private static final long NANOS_PER_MICRO = 1_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The units of {@link #exact}, largest first, as powers of ten of a nanosecond. */
  private static final int[] UNIT_DIGITS = {9, 6, 3};
  private static final String[] UNIT_SUFFIXES = {"s", "ms", "us"};
  private static final BigDecimal[] UNIT_NANOS = {
    BigDecimal.valueOf(NANOS_PER_SECOND), BigDecimal.valueOf(NANOS_PER_MILLI), BigDecimal.valueOf(NANOS_PER_MICRO)
  };

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
      throw new IllegalArgumentException("nanos must be >= 0, got " + nanos);
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

  /**
   * {@code d} as {@link #human(long)} shows its nanoseconds.
   *
   * @throws IllegalArgumentException if {@code d} is negative
   * @throws ArithmeticException if {@code d} does not fit a long of nanoseconds (about 292 years)
   */
  public static String human(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0s, got " + exact(d));
    }
    return human(d.toNanos());
  }

  /**
   * {@code nanos} exactly, in the largest of s, ms, us and ns that is not larger than its
   * magnitude, without trailing zeros: {@code "2s"}, {@code "1.5s"}, {@code "250ms"}, {@code
   * "1.000001ms"}, {@code "850ns"}, {@code "-250us"}; zero is {@code "0s"}.
   */
  public static String exact(long nanos) {
    return exact(BigDecimal.valueOf(nanos));
  }

  /** {@code d} as {@link #exact(long)} shows its nanoseconds; any duration, even one longer than a long of nanoseconds. */
  public static String exact(Duration d) {
    Objects.requireNonNull(d, "duration");
    return exact(BigDecimal.valueOf(d.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(d.getNano())));
  }

  /**
   * The nanoseconds of {@code d}, clamped to {@code [Long.MIN_VALUE, Long.MAX_VALUE]} (about 292
   * years either way): for settings where a duration too long for a {@code long} means "never".
   */
  public static long saturatedNanos(Duration d) {
    Objects.requireNonNull(d, "duration");
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String exact(BigDecimal nanos) {
    if (nanos.signum() == 0) {
      return "0s";
    }
    BigDecimal magnitude = nanos.abs();
    for (int i = 0; i < UNIT_DIGITS.length; i++) {
      if (magnitude.compareTo(UNIT_NANOS[i]) >= 0) {
        return nanos.movePointLeft(UNIT_DIGITS[i]).stripTrailingZeros().toPlainString() + UNIT_SUFFIXES[i];
      }
    }
    return nanos.toPlainString() + "ns";
  }

  private static String inUnit(BigDecimal nanos, int unitDigits, String unit) {
    BigDecimal value = nanos.movePointLeft(unitDigits);
    int integerDigits = value.toBigInteger().toString().length();
    int decimals = Math.max(0, SIGNIFICANT_DIGITS - integerDigits);
    return value.setScale(decimals, RoundingMode.HALF_UP).toPlainString() + unit;
  }
}
