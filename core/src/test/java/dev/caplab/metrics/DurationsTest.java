package dev.caplab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

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
  }

  @Test
  void formatsTheLargestLong() {
    assertEquals("9220000000s", Durations.human(Long.MAX_VALUE));
  }

  @Test
  void rejectsNegativeDurations() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.human(-5));
    assertEquals("nanos must be >= 0, was -5", e.getMessage());
  }
}
