package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowAssignerTest {

  private static long[] assign(WindowAssigner a, long ts) {
    long[] starts = new long[a.maxWindowsPerElement()];
    return Arrays.copyOf(starts, a.assign(ts, starts));
  }

  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  @Test
  void tumblingGivesTheOneAlignedWindow() {
    WindowAssigner a = WindowAssigner.tumbling(ms(5));
    assertArrayEquals(new long[] {0}, assign(a, 0));
    assertArrayEquals(new long[] {0}, assign(a, 4));
    assertArrayEquals(new long[] {5}, assign(a, 5));
    assertArrayEquals(new long[] {-5}, assign(a, -1));
    assertArrayEquals(new long[] {2}, assign(WindowAssigner.tumbling(ms(5), ms(2)), 6));
    assertArrayEquals(new long[] {-3}, assign(WindowAssigner.tumbling(ms(5), ms(2)), 1));
    assertEquals(1, a.maxWindowsPerElement());
  }

  /** Flink's docs: sliding windows of 10 with slide 5 give each element two windows. */
  @Test
  void slidingGivesSizeOverSlideWindowsLatestFirstWithNegativeStarts() {
    WindowAssigner a = WindowAssigner.sliding(ms(10), ms(5));
    assertEquals(2, a.maxWindowsPerElement());
    assertArrayEquals(new long[] {0, -5}, assign(a, 0));
    assertArrayEquals(new long[] {0, -5}, assign(a, 4));
    assertArrayEquals(new long[] {5, 0}, assign(a, 5));
    assertArrayEquals(new long[] {5, 0}, assign(a, 9));
    assertArrayEquals(new long[] {10, 5}, assign(a, 10));
    WindowAssigner uneven = WindowAssigner.sliding(ms(10), ms(3));
    assertEquals(4, uneven.maxWindowsPerElement());
    assertArrayEquals(new long[] {9, 6, 3}, assign(uneven, 11));
    assertArrayEquals(new long[] {9, 6, 3, 0}, assign(uneven, 9));
    assertArrayEquals(new long[] {4, 1}, assign(WindowAssigner.sliding(ms(6), ms(3), ms(1)), 6));
    assertArrayEquals(new long[] {0}, assign(WindowAssigner.sliding(ms(5), ms(5)), 3));
  }

  @Test
  void sessionGivesTheGapWindowFromTheElement() {
    WindowAssigner a = WindowAssigner.session(ms(30));
    assertArrayEquals(new long[] {7}, assign(a, 7));
    assertEquals(30, a.sizeMillis());
  }

  @Test
  void badValuesNameTheParameterAndTheRule() {
    assertEquals("size must be >= 1ms, got 0s",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.tumbling(Duration.ZERO)).getMessage());
    assertEquals("size must be >= 1ms, got -5ms",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.sliding(ms(-5), ms(1))).getMessage());
    assertEquals("slide must be <= size (10ms), got 11ms",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.sliding(ms(10), ms(11))).getMessage());
    assertEquals("slide must be >= 1ms, got 0s",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.sliding(ms(10), ms(0))).getMessage());
    assertEquals("gap must be >= 1ms, got 0s",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.session(ms(0))).getMessage());
    assertEquals("offset must be in (-size, size) = (-10ms, 10ms), got 10ms",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.tumbling(ms(10), ms(10))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WindowAssigner.tumbling(ms(10), ms(-10)));
    assertEquals(-9, WindowAssigner.tumbling(ms(10), ms(-9)).offsetMillis());
    assertEquals("offset must be in (-slide, slide) = (-5ms, 5ms), got 5ms",
        assertThrows(IllegalArgumentException.class, () -> WindowAssigner.sliding(ms(10), ms(5), ms(5))).getMessage());
    assertEquals(4, WindowAssigner.sliding(ms(10), ms(5), ms(4)).offsetMillis());
    assertEquals(1, WindowAssigner.sliding(ms(1), ms(1)).sizeMillis());
  }
}
