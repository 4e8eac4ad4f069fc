package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowTest {

  /** Flink's getWindowStartWithOffset, including negative timestamps and offsets. */
  @ParameterizedTest
  @CsvSource({
      "0, 0, 5, 0", "4, 0, 5, 0", "5, 0, 5, 5", "-1, 0, 5, -5", "-5, 0, 5, -5", "-6, 0, 5, -10",
      // hourly windows offset by 15 minutes (Flink's docs): 1:14 is in [0:15, 1:15)
      "4440000, 900000, 3600000, 900000", "4500000, 900000, 3600000, 4500000",
      "3, -2, 5, 3", "2, -2, 5, -2", "7, 3, 5, 3"})
  void windowStartIsFlinks(long ts, long offset, long size, long start) {
    assertEquals(start, TimeWindow.windowStart(ts, offset, size));
  }

  @Test
  void maxTimestampIsEndMinusOne() {
    assertEquals(9, new TimeWindow(0, 10).maxTimestamp());
  }

  @Test
  void touchingWindowsIntersectAndGappedOnesDoNot() {
    assertTrue(new TimeWindow(0, 5).intersects(new TimeWindow(5, 10)));
    assertTrue(new TimeWindow(5, 10).intersects(new TimeWindow(0, 5)));
    assertTrue(new TimeWindow(0, 10).intersects(new TimeWindow(3, 4)));
    assertFalse(new TimeWindow(0, 5).intersects(new TimeWindow(6, 10)));
    assertFalse(new TimeWindow(6, 10).intersects(new TimeWindow(0, 5)));
    assertEquals(new TimeWindow(0, 10), new TimeWindow(0, 5).cover(new TimeWindow(6, 10)));
  }

  @Test
  void emptyOrReversedWindowIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeWindow(5, 5));
    assertEquals("end must be > start (5), got 5", e.getMessage());
    assertEquals("[0, 10)", new TimeWindow(0, 10).toString());
  }
}
