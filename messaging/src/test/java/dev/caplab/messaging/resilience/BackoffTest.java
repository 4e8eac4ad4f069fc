package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  static final long MS = 1_000_000L;
  static final Duration BASE = Duration.ofMillis(100);
  static final Duration CAP = Duration.ofMillis(1000);
  static final int DRAWS = 200_000;

  /** A generator that fails if touched: deterministic backoffs must not draw. */
  static final RandomGenerator NO_RANDOM = () -> {
    throw new AssertionError("a deterministic backoff drew a random number");
  };

  @Test
  void fixedIsConstant() {
    Backoff b = Backoff.fixed(Duration.ofMillis(500));
    for (int retry = 1; retry <= 5; retry++) {
      assertEquals(500 * MS, b.delayNanos(retry, 0, NO_RANDOM));
    }
  }

  @Test
  void exponentialIsBaseTimesMultiplierToTheRetryMinusOneCapped() {
    Backoff b = Backoff.exponential(BASE, 2.0, CAP);
    long[] expected = {100, 200, 400, 800, 1000, 1000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i] * MS, b.delayNanos(i + 1, 0, NO_RANDOM), "retry " + (i + 1));
    }
    Backoff r4j = Backoff.exponential(Backoff.DEFAULT_INITIAL_INTERVAL, Backoff.DEFAULT_MULTIPLIER);
    assertEquals(500 * MS, r4j.delayNanos(1, 0, NO_RANDOM));
    assertEquals(750 * MS, r4j.delayNanos(2, 0, NO_RANDOM));
    assertEquals(1125 * MS, r4j.delayNanos(3, 0, NO_RANDOM));
  }

  @Test
  void noJitterIsMinOfCapAndBaseTimesTwoToTheAttempt() {
    Backoff b = Backoff.noJitter(BASE, CAP);
    long[] expected = {100, 200, 400, 800, 1000, 1000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i] * MS, b.delayNanos(i + 1, 0, NO_RANDOM));
    }
    assertEquals(1000 * MS, b.delayNanos(200, 0, NO_RANDOM), "no overflow at large attempts");
  }

  @Test
  void fullJitterIsUniformBelowTheCappedExponential() {
    Backoff b = Backoff.fullJitter(BASE, CAP);
    RandomGenerator random = new SplittableRandom(7);
    for (int retry = 1; retry <= 6; retry++) {
      long temp = Math.min(1000 * MS, 100 * MS << (retry - 1));
      double sum = 0;
      for (int i = 0; i < DRAWS; i++) {
        long d = b.delayNanos(retry, 0, random);
        assertTrue(d >= 0 && d <= temp, "retry " + retry + " got " + d);
        sum += d;
      }
      assertMean(temp / 2.0, temp / Math.sqrt(12), sum / DRAWS, "full jitter retry " + retry);
    }
  }

  @Test
  void equalJitterIsBetweenHalfAndAllOfTheCappedExponential() {
    Backoff b = Backoff.equalJitter(BASE, CAP);
    RandomGenerator random = new SplittableRandom(8);
    for (int retry = 1; retry <= 6; retry++) {
      long temp = Math.min(1000 * MS, 100 * MS << (retry - 1));
      double sum = 0;
      for (int i = 0; i < DRAWS; i++) {
        long d = b.delayNanos(retry, 0, random);
        assertTrue(d >= temp / 2 && d <= temp, "retry " + retry + " got " + d);
        sum += d;
      }
      assertMean(0.75 * temp, (temp / 2.0) / Math.sqrt(12), sum / DRAWS, "equal jitter " + retry);
    }
  }

  @Test
  void decorrelatedJitterStaysWithinBaseAndCapAndGrowsFromThePreviousSleep() {
    Backoff b = Backoff.decorrelatedJitter(BASE, CAP);
    RandomGenerator random = new SplittableRandom(9);
    double firstSum = 0;
    for (int i = 0; i < DRAWS; i++) {
      long previous = 0;
      for (int retry = 1; retry <= 8; retry++) {
        long d = b.delayNanos(retry, previous, random);
        assertTrue(d >= 100 * MS && d <= 1000 * MS, "retry " + retry + " got " + d);
        assertTrue(d <= Math.max(100 * MS, previous) * 3, "at most 3x the previous sleep");
        if (retry == 1) {
          firstSum += d;
        }
        previous = d;
      }
    }
    // first retry: uniform(base, 3 * base) -> mean 2 * base
    assertMean(200 * MS, 200 * MS / Math.sqrt(12), firstSum / DRAWS, "decorrelated first retry");
  }

  @Test
  void resilience4jRandomizedStaysWithinTheFactorAroundTheInterval() {
    Backoff b = Backoff.exponentialRandom(BASE, 2.0, 0.5, Duration.ofSeconds(100));
    RandomGenerator random = new SplittableRandom(10);
    for (int retry = 1; retry <= 4; retry++) {
      long interval = 100 * MS << (retry - 1);
      double sum = 0;
      for (int i = 0; i < DRAWS; i++) {
        long d = b.delayNanos(retry, 0, random);
        assertTrue(d >= interval / 2 && d <= interval * 3 / 2, "retry " + retry + " got " + d);
        sum += d;
      }
      assertMean(interval, interval / Math.sqrt(12), sum / DRAWS, "randomized retry " + retry);
    }
    Backoff capped = Backoff.exponentialRandom(BASE, 2.0, 0.5, Duration.ofMillis(150));
    for (int i = 0; i < 1000; i++) {
      assertTrue(capped.delayNanos(5, 0, random) <= 150 * MS);
    }
    Backoff randomized = Backoff.randomized(Duration.ofMillis(500), Backoff.DEFAULT_RANDOMIZATION_FACTOR);
    for (int i = 0; i < 1000; i++) {
      long d = randomized.delayNanos(3, 0, random);
      assertTrue(d >= 250 * MS && d <= 750 * MS);
    }
  }

  @Test
  void sameSeedSameDelays() {
    Backoff b = Backoff.fullJitter(BASE, CAP);
    RandomGenerator r1 = new SplittableRandom(42);
    RandomGenerator r2 = new SplittableRandom(42);
    for (int retry = 1; retry < 50; retry++) {
      assertEquals(b.delayNanos(retry, 0, r1), b.delayNanos(retry, 0, r2));
    }
  }

  @Test
  void badSettingsNameTheSettingTheValueAndTheRange() {
    assertMessage("base must be >= 0s, got -1ns",
        () -> Backoff.fullJitter(Duration.ofNanos(-1), CAP));
    assertMessage("cap must be >= 0s, got -1ns",
        () -> Backoff.equalJitter(Duration.ZERO, Duration.ofNanos(-1)));
    assertMessage("cap must be >= 100ms, got 50ms",
        () -> Backoff.decorrelatedJitter(BASE, Duration.ofMillis(50)));
    assertMessage("multiplier must be >= 1.0, got 0.5",
        () -> Backoff.exponential(BASE, 0.5, CAP));
    assertMessage("randomizationFactor must be in [0.0, 1.0), got 1.0",
        () -> Backoff.randomized(BASE, 1.0));
    assertMessage("randomizationFactor must be in [0.0, 1.0), got -0.1",
        () -> Backoff.exponentialRandom(BASE, 1.5, -0.1, CAP));
    assertMessage("retry must be >= 1, got 0",
        () -> Backoff.noJitter(BASE, CAP).delayNanos(0, 0, NO_RANDOM));
  }

  @Test
  void everyBackoffRefusesRetryZero() {
    for (Backoff b : List.of(Backoff.fixed(BASE), Backoff.exponential(BASE, 2.0, CAP),
        Backoff.exponentialRandom(BASE, 2.0, 0.5, CAP))) {
      assertMessage("retry must be >= 1, got 0", () -> b.delayNanos(0, 0, new SplittableRandom(1)));
    }
  }

  @Test
  void resilience4jRandomizedSpreadsOverTheWholeFactor() {
    Backoff b = Backoff.exponentialRandom(BASE, 2.0, 0.5, Duration.ofSeconds(100));
    RandomGenerator random = new SplittableRandom(11);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = b.delayNanos(1, 0, random);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < 55 * MS && max > 145 * MS, "100 ms +- 50 %: got " + min + " .. " + max);
    Backoff randomized = Backoff.randomized(BASE, 0.5);
    min = Long.MAX_VALUE;
    max = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = randomized.delayNanos(4, 0, random);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < 55 * MS && max > 145 * MS, "randomized: got " + min + " .. " + max);
  }

  @Test
  void anEmptyJitterRangeDrawsNoRandomNumber() {
    // A draw that decides nothing would still shift every later random decision of a run.
    assertEquals(0, Backoff.fullJitter(Duration.ZERO, Duration.ZERO).delayNanos(3, 0, NO_RANDOM));
    assertEquals(0, Backoff.equalJitter(Duration.ZERO, Duration.ZERO).delayNanos(3, 0, NO_RANDOM));
  }

  @Test
  void decorrelatedJitterStartsFromTheBaseAndGrowsWithoutOverflow() {
    Backoff b = Backoff.decorrelatedJitter(BASE, Duration.ofNanos(Long.MAX_VALUE));
    RandomGenerator random = new SplittableRandom(12);
    for (int i = 0; i < 1000; i++) {
      long first = b.delayNanos(1, 50_000 * MS, random);
      assertTrue(first >= 100 * MS && first <= 300 * MS, "the first retry ignores a previous sleep: " + first);
    }
    RandomGenerator quarter = () -> 1L << 62; // nextDouble() == 0.25
    long huge = b.delayNanos(2, Long.MAX_VALUE / 2, quarter);
    assertTrue(huge > 2_000_000_000_000_000_000L, "3 x a huge sleep saturates, not wraps: " + huge);
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  /** The sample mean is within 5 standard errors of {@code expected}. */
  static void assertMean(double expected, double stdDev, double actual, String what) {
    double tolerance = 5 * stdDev / Math.sqrt(DRAWS);
    assertTrue(Math.abs(actual - expected) <= tolerance,
        what + ": mean " + actual + ", expected " + expected + " +- " + tolerance);
  }
}
