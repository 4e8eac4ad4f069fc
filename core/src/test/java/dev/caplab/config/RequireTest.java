package dev.caplab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RequireTest {

  private static String refused(Executable check) {
    return assertThrows(IllegalArgumentException.class, check).getMessage();
  }

  @Nested
  class General {

    @Test
    void requireArgumentFormatsItsMessageOnlyWhenItFails() {
      Require.requireArgument(true, "never formatted %d", "not a number");
      assertEquals("size must be even, got 3", refused(() -> Require.requireArgument(false, "size must be even, got %d", 3)));
      assertEquals("100% must stay as written", refused(() -> Require.requireArgument(false, "100% must stay as written")));
    }

    @Test
    void requireArgumentFormatsNumbersTheSameInEveryLocale() {
      Locale before = Locale.getDefault();
      try {
        Locale.setDefault(Locale.GERMANY);
        assertEquals("rate must be > 0.5, got 0.25",
            refused(() -> Require.requireArgument(false, "rate must be > %.1f, got %.2f", 0.5, 0.25)));
      } finally {
        Locale.setDefault(before);
      }
    }

    @Test
    void requireStateThrowsIllegalStateException() {
      Require.requireState(true, "unused");
      assertEquals("the wait was set 2 times",
          assertThrows(IllegalStateException.class, () -> Require.requireState(false, "the wait was set %d times", 2))
              .getMessage());
      assertEquals("built twice",
          assertThrows(IllegalStateException.class, () -> Require.requireState(false, "built twice")).getMessage());
    }

    @Test
    void notNullNamesTheParameter() {
      Object o = new Object();
      assertSame(o, Require.notNull(o, "listener"));
      assertEquals("listener", assertThrows(NullPointerException.class, () -> Require.notNull(null, "listener")).getMessage());
    }
  }

  @Nested
  class Integers {

    @Test
    void eachFormSaysItsRuleAndTheValue() {
      assertEquals("maxAttempts must be >= 1, got 0", refused(() -> Require.atLeast("maxAttempts", 0, 1)));
      assertEquals("depth must be <= 16, got 17", refused(() -> Require.atMost("depth", 17, 16)));
      assertEquals("r must be between 1 and 3, got 4", refused(() -> Require.between("r", 4, 1, 3)));
      assertEquals("r must be between 1 and 3, got 0", refused(() -> Require.between("r", 0, 1, 3)));
      assertEquals("count must be >= 0, got -1", refused(() -> Require.atLeast("count", -1L, 0L)));
      assertEquals("nanos must be <= 10, got 11", refused(() -> Require.atMost("nanos", 11L, 10L)));
      assertEquals("key must be between 1 and " + Long.MAX_VALUE + ", got " + Long.MIN_VALUE,
          refused(() -> Require.between("key", Long.MIN_VALUE, 1L, Long.MAX_VALUE)));
    }

    @Test
    void boundsAreInclusiveAndTheValueComesBack() {
      assertEquals(1, Require.atLeast("n", 1, 1));
      assertEquals(16, Require.atMost("n", 16, 16));
      assertEquals(1, Require.between("n", 1, 1, 3));
      assertEquals(3, Require.between("n", 3, 1, 3));
      assertEquals(5L, Require.between("n", 5L, 5L, 5L));
    }
  }

  @Nested
  class Doubles {

    @Test
    void eachFormSaysItsRuleAndTheValue() {
      assertEquals("multiplier must be >= 1.0, got 0.5", refused(() -> Require.atLeast("multiplier", 0.5, 1.0)));
      assertEquals("alpha must be > 0.0, got 0.0", refused(() -> Require.greaterThan("alpha", 0.0, 0.0)));
      assertEquals("ratio must be <= 1.0, got 1.5", refused(() -> Require.atMost("ratio", 1.5, 1.0)));
      assertEquals("loss must be between 0.0 and 1.0, got 1.5", refused(() -> Require.between("loss", 1.5, 0.0, 1.0)));
      assertEquals("jitter must be in [0.0, 1.0), got 1.0", refused(() -> Require.inClosedOpen("jitter", 1.0, 0.0, 1.0)));
      assertEquals("backoffRatio must be in (0.0, 1.0), got 0.0", refused(() -> Require.inOpen("backoffRatio", 0.0, 0.0, 1.0)));
      assertEquals("rate must be in (0.0, 100.0], got 0.0", refused(() -> Require.inOpenClosed("rate", 0.0, 0.0, 100.0)));
      assertEquals("sigma must be finite, got Infinity", refused(() -> Require.finite("sigma", Double.POSITIVE_INFINITY)));
    }

    @Test
    void aFloatSettingIsPrintedAsAFloat() {
      assertEquals("failureRateThreshold must be in (0.0, 100.0], got 100.1",
          refused(() -> Require.inOpenClosed("failureRateThreshold", 100.1f, 0f, 100f)));
      assertEquals(100f, Require.inOpenClosed("failureRateThreshold", 100f, 0f, 100f));
    }

    @Test
    void boundsAreWhereTheRangeSaysAndTheValueComesBack() {
      assertEquals(1.0, Require.atLeast("x", 1.0, 1.0));
      assertEquals(1.0, Require.atMost("x", 1.0, 1.0));
      assertEquals(0.0, Require.between("x", 0.0, 0.0, 1.0));
      assertEquals(1.0, Require.between("x", 1.0, 0.0, 1.0));
      assertEquals(0.0, Require.inClosedOpen("x", 0.0, 0.0, 1.0));
      assertEquals(100.0, Require.inOpenClosed("x", 100.0, 0.0, 100.0));
      assertEquals(Double.MIN_VALUE, Require.greaterThan("x", Double.MIN_VALUE, 0.0));
      assertEquals(Double.POSITIVE_INFINITY, Require.atLeast("x", Double.POSITIVE_INFINITY, 0.0));
      refused(() -> Require.inClosedOpen("x", 1.0, 0.0, 1.0));
      refused(() -> Require.inOpenClosed("x", 0.0, 0.0, 1.0));
      refused(() -> Require.inOpen("x", 1.0, 0.0, 1.0));
    }

    @Test
    void notANumberFailsEveryCheck() {
      double nan = Double.NaN;
      assertEquals("x must be >= 0.0, got NaN", refused(() -> Require.atLeast("x", nan, 0.0)));
      refused(() -> Require.atMost("x", nan, 1.0));
      refused(() -> Require.greaterThan("x", nan, 0.0));
      refused(() -> Require.between("x", nan, 0.0, 1.0));
      refused(() -> Require.inClosedOpen("x", nan, 0.0, 1.0));
      refused(() -> Require.inOpenClosed("x", nan, 0.0, 1.0));
      refused(() -> Require.inOpenClosed("x", Float.NaN, 0f, 1f));
      refused(() -> Require.inOpen("x", nan, 0.0, 1.0));
      refused(() -> Require.finite("x", nan));
    }
  }

  @Nested
  class DurationChecks {

    private final Duration tooLong = Duration.ofNanos(Long.MAX_VALUE).plusNanos(1);

    @Test
    void durationsArePrintedExactly() {
      assertEquals("timeout must be > 0s, got -250ms", refused(() -> Require.positive("timeout", Duration.ofMillis(-250))));
      assertEquals("timeout must be > 0s, got 0s", refused(() -> Require.positiveNanos("timeout", Duration.ZERO)));
      assertEquals("start must be >= 0s, got -1ns", refused(() -> Require.nonNegative("start", Duration.ofNanos(-1))));
      assertEquals("start must be >= 0s, got -1.5s", refused(() -> Require.nonNegativeNanos("start", Duration.ofMillis(-1500))));
      assertEquals("wait must be >= 1ms, got 999us", refused(() -> Require.atLeast("wait", Duration.ofNanos(999_000), Duration.ofMillis(1))));
      assertEquals("latency must be between 0s and 1.5s, got 2s",
          refused(() -> Require.between("latency", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMillis(1500))));
    }

    @Test
    void durationsThatCarryNanosMustFitALong() {
      String bound = "9223372036.854775807s";
      assertEquals("timeout must be <= " + bound + ", got 9223372036.854775808s", refused(() -> Require.positive("timeout", tooLong)));
      assertEquals("start must be <= " + bound + ", got 9223372036.854775808s", refused(() -> Require.nonNegativeNanos("start", tooLong)));
      assertEquals("offset must be between -9223372036.854775808s and " + bound + ", got -9223372036.854775809s",
          refused(() -> Require.nanos("offset", Duration.ofNanos(Long.MIN_VALUE).minusNanos(1))));
      assertEquals(Long.MAX_VALUE, Require.positiveNanos("timeout", Duration.ofNanos(Long.MAX_VALUE)));
      assertEquals(Long.MIN_VALUE, Require.nanos("offset", Duration.ofNanos(Long.MIN_VALUE)));
    }

    @Test
    void atLeastAndBetweenTakeAnyLength() {
      Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
      assertSame(forever, Require.atLeast("maxWait", forever, Duration.ZERO));
      assertSame(forever, Require.between("maxWait", forever, Duration.ZERO, forever));
    }

    @Test
    void checksReturnTheirValue() {
      Duration d = Duration.ofMillis(5);
      assertSame(d, Require.positive("d", d));
      assertSame(d, Require.nonNegative("d", d));
      assertEquals(5_000_000, Require.positiveNanos("d", d));
      assertEquals(0, Require.nonNegativeNanos("d", Duration.ZERO));
      assertEquals(-5_000_000, Require.nanos("d", d.negated()));
    }

    @Test
    void nullIsANullPointerExceptionNamingTheParameter() {
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> Require.positive("timeout", null)).getMessage());
      assertEquals("start", assertThrows(NullPointerException.class, () -> Require.nonNegativeNanos("start", null)).getMessage());
      assertEquals("offset", assertThrows(NullPointerException.class, () -> Require.nanos("offset", null)).getMessage());
      assertEquals("wait", assertThrows(NullPointerException.class, () -> Require.atLeast("wait", null, Duration.ZERO)).getMessage());
    }
  }

  /** The bound in the message is the bound of the check: both come from one argument. */
  @Property
  void atLeastRefusesExactlyTheValuesBelowTheBoundItNames(@ForAll int value, @ForAll int min) {
    if (value >= min) {
      assertEquals(value, Require.atLeast("x", value, min));
    } else {
      assertEquals("x must be >= " + min + ", got " + value, refused(() -> Require.atLeast("x", value, min)));
    }
  }

  @Property
  void betweenRefusesExactlyTheValuesOutsideTheBoundsItNames(@ForAll long value, @ForAll long a, @ForAll long b) {
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    if (value >= min && value <= max) {
      assertEquals(value, Require.between("x", value, min, max));
    } else {
      assertEquals("x must be between " + min + " and " + max + ", got " + value,
          refused(() -> Require.between("x", value, min, max)));
    }
  }

  @Property
  void inClosedOpenRefusesExactlyTheValuesOutsideTheRangeItNames(@ForAll double value, @ForAll double a, @ForAll double b) {
    double min = Math.min(a, b);
    double max = Math.max(a, b);
    if (value >= min && value < max) {
      assertEquals(value, Require.inClosedOpen("x", value, min, max));
    } else {
      assertEquals("x must be in [" + min + ", " + max + "), got " + value,
          refused(() -> Require.inClosedOpen("x", value, min, max)));
    }
  }

  @Property
  void atLeastRefusesExactlyTheDurationsBelowTheBoundItNames(@ForAll long valueNanos, @ForAll long minNanos) {
    Duration value = Duration.ofNanos(valueNanos);
    Duration min = Duration.ofNanos(minNanos);
    if (valueNanos >= minNanos) {
      assertSame(value, Require.atLeast("d", value, min));
    } else {
      assertEquals("d must be >= " + Durations.exact(min) + ", got " + Durations.exact(value),
          refused(() -> Require.atLeast("d", value, min)));
    }
  }
}
