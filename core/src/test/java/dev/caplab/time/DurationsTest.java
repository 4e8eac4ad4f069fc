package dev.caplab.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @Nested
  class Human {

    @ParameterizedTest(name = "{0}ns -> {1}")
    @CsvSource({
      "0, 0ns",
      "7, 7ns",
      "999, 999ns",
      "1000, 1.00us",
      "1500, 1.50us",
      "12345, 12.3us",
      "850000, 850us",
      "999499, 999us",
      "999500, 1.00ms",
      "4100000, 4.10ms",
      "21340000, 21.3ms",
      "52000000, 52.0ms",
      "999999999, 1.00s",
      "1234567890, 1.23s",
      "61000000000, 61.0s",
      "1234567890123, 1230s",
    })
    void formatsThreeSignificantDigitsInTheLargestFittingUnit(long nanos, String expected) {
      assertEquals(expected, Durations.human(nanos));
      assertEquals(expected, Durations.human(Duration.ofNanos(nanos)));
    }

    @Test
    void formatsTheLargestLong() {
      assertEquals("9220000000s", Durations.human(Long.MAX_VALUE));
    }

    @Test
    void rejectsNegativeDurations() {
      assertEquals("nanos must be >= 0, got -5",
          assertThrows(IllegalArgumentException.class, () -> Durations.human(-5)).getMessage());
      assertEquals("duration must be >= 0s, got -1.5ms",
          assertThrows(IllegalArgumentException.class, () -> Durations.human(Duration.ofNanos(-1_500_000)))
              .getMessage());
    }
  }

  @Nested
  class Exact {

    @ParameterizedTest(name = "{0}ns -> {1}")
    @CsvSource({
      "0, 0s",
      "1, 1ns",
      "999, 999ns",
      "1000, 1us",
      "1500, 1.5us",
      "250000, 250us",
      "1000001, 1.000001ms",
      "1500000, 1.5ms",
      "250000000, 250ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "11500000000, 11.5s",
      "1000000001, 1.000000001s",
      "86400000000000, 86400s",
      "-1, -1ns",
      "-250000, -250us",
      "-1500000000, -1.5s",
    })
    void showsTheValueExactlyInTheLargestUnitNotLargerThanIt(long nanos, String expected) {
      assertEquals(expected, Durations.exact(nanos));
      assertEquals(expected, Durations.exact(Duration.ofNanos(nanos)));
    }

    @Test
    void showsTheExtremeLongsAndDurationsBeyondThem() {
      assertEquals("9223372036.854775807s", Durations.exact(Long.MAX_VALUE));
      assertEquals("-9223372036.854775808s", Durations.exact(Long.MIN_VALUE));
      assertEquals("9223372036854775807.999999999s", Durations.exact(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
      assertEquals("-9223372036854775808s", Durations.exact(Duration.ofSeconds(Long.MIN_VALUE)));
    }
  }

  @Test
  void saturatesDurationsBeyondALongOfNanoseconds() {
    assertEquals(1_500, Durations.saturatedNanos(Duration.ofNanos(1_500)));
    assertEquals(Long.MAX_VALUE, Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  /** Exact means exact: the printed number, read back in its unit, is the value. */
  @Property
  void readsBackToTheSameNanoseconds(@ForAll long nanos) {
    String s = Durations.exact(nanos);
    int digits = s.endsWith("ns") ? 0 : s.endsWith("us") ? 3 : s.endsWith("ms") ? 6 : 9;
    String number = s.substring(0, s.length() - (digits == 9 ? 1 : 2));
    assertEquals(BigDecimal.valueOf(nanos), new BigDecimal(number).movePointRight(digits).stripTrailingZeros()
        .setScale(0));
  }
}
