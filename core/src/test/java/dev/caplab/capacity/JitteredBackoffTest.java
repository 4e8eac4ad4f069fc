package dev.caplab.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JitteredBackoffTest {

  private final JitteredBackoff backoff = JitteredBackoff.fullJitter(Duration.ofMillis(25), Duration.ofSeconds(1));

  @Test
  void theCeilingDoublesFromTheBaseUntilTheCap() {
    assertEquals(25_000_000L, backoff.ceilingNanos(1));
    assertEquals(50_000_000L, backoff.ceilingNanos(2));
    assertEquals(800_000_000L, backoff.ceilingNanos(6));
    assertEquals(1_000_000_000L, backoff.ceilingNanos(7), "1.6 s capped at 1 s");
    assertEquals(1_000_000_000L, backoff.ceilingNanos(1_000), "no overflow however many retries");
  }

  @Test
  void aHugeCapIsReachedWithoutOverflow() {
    JitteredBackoff wide = JitteredBackoff.fullJitter(Duration.ofNanos(3), Duration.ofNanos(Long.MAX_VALUE));
    assertEquals(3L << 61, wide.ceilingNanos(62), "the last doubling that fits");
    assertEquals(Long.MAX_VALUE, wide.ceilingNanos(63));
    assertTrue(wide.delayNanos(100, new SplittableRandom(1)) >= 0);
  }

  @Test
  void delaysAreFullJitterUpToTheCeilingInclusive() {
    SplittableRandom random = new SplittableRandom(42);
    long max = 0;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 20_000; i++) {
      long d = backoff.delayNanos(1, random);
      max = Math.max(max, d);
      min = Math.min(min, d);
    }
    assertTrue(max <= 25_000_000L && max > 24_000_000L, "max " + max);
    assertTrue(min < 1_000_000L, "full jitter reaches near zero: " + min);
  }

  @Test
  void aCeilingOfOneNanosecondDrawsZeroOrOne() {
    JitteredBackoff tiny = JitteredBackoff.fullJitter(Duration.ofNanos(1), Duration.ofNanos(1));
    SplittableRandom random = new SplittableRandom(3);
    boolean sawOne = false;
    for (int i = 0; i < 100; i++) {
      long d = tiny.delayNanos(1, random);
      assertTrue(d == 0 || d == 1);
      sawOne |= d == 1;
    }
    assertTrue(sawOne, "the ceiling itself is a possible delay");
  }

  @Test
  void badSettingsNameTheParameterAndTheAllowedRange() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> JitteredBackoff.fullJitter(Duration.ZERO, Duration.ofSeconds(1)));
    assertTrue(zero.getMessage().contains("base") && zero.getMessage().contains("> 0"), zero.getMessage());
    IllegalArgumentException cap = assertThrows(IllegalArgumentException.class,
        () -> JitteredBackoff.fullJitter(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertTrue(cap.getMessage().contains("cap") && cap.getMessage().contains("2"), cap.getMessage());
    IllegalArgumentException retry = assertThrows(IllegalArgumentException.class, () -> backoff.ceilingNanos(0));
    assertTrue(retry.getMessage().contains("retry") && retry.getMessage().contains("0"), retry.getMessage());
  }
}
