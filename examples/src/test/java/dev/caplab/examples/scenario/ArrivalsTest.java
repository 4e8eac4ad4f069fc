package dev.caplab.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.RandomDraws;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

  /** A generator whose nextDouble() gives 0, so every exponential gap is 0 ns before the minimum. */
  private static final class Zeros implements RandomGenerator {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public double nextDouble() {
      return 0;
    }
  }

  @Test
  void theMinimumGapDecidesWhetherTwoArrivalsMayShareANanosecond() {
    Arrivals shared = Arrivals.poisson(new Zeros(), 100, 0);
    assertEquals(0, shared.next());
    assertEquals(0, shared.next());
    Arrivals distinct = Arrivals.poisson(new Zeros(), 100, 1);
    assertEquals(1, distinct.next());
    assertEquals(2, distinct.next());
    assertArrayEquals(new long[] {1, 2, 3, 4}, Arrivals.poisson(new Zeros(), 100, 1).until(5));
  }

  @Test
  void eachArrivalIsOneExponentialDrawCutToWholeNanoseconds() {
    for (long minimum : new long[] {0, 1}) {
      SplittableRandom expected = new SplittableRandom(42);
      Arrivals arrivals = Arrivals.poisson(new SplittableRandom(42), 250, minimum);
      long t = 0;
      for (int i = 0; i < 1_000; i++) {
        t += Math.max(minimum, (long) RandomDraws.exponential(expected, 4_000_000));
        assertEquals(t, arrivals.next(), "arrival " + i + " with minimum gap " + minimum);
      }
    }
  }

  @Test
  void aWorkloadMayInterleaveItsOwnDrawsBetweenArrivals() {
    // Nothing but the gaps is drawn, so draws of the caller's own land where it makes them.
    SplittableRandom shared = new SplittableRandom(7);
    Arrivals arrivals = Arrivals.poisson(shared, 200, 0);
    SplittableRandom expected = new SplittableRandom(7);
    long t = 0;
    for (int i = 0; i < 100; i++) {
      t += (long) RandomDraws.exponential(expected, 5_000_000);
      assertEquals(t, arrivals.next(), "arrival " + i);
      assertEquals(expected.nextDouble(), shared.nextDouble(), "the caller's draw after arrival " + i);
    }
  }

  @Test
  void untilReturnsTheArrivalsBeforeTheEndAndDrawsTheOneThatReachesIt() {
    SplittableRandom random = new SplittableRandom(3);
    long[] times = Arrivals.poisson(random, 1_000, 1).until(2_000_000_000L);
    SplittableRandom replay = new SplittableRandom(3);
    Arrivals one = Arrivals.poisson(replay, 1_000, 1);
    for (int i = 0; i < times.length; i++) {
      assertEquals(one.next(), times[i], "arrival " + i);
      assertTrue(i == 0 || times[i] > times[i - 1], "ascending");
    }
    assertTrue(one.next() >= 2_000_000_000L, "the next draw reaches the end");
    assertEquals(replay.nextLong(), random.nextLong(), "both generators are at the same point");
  }

  @Test
  void theMeanGapIsOneOverTheRate() {
    long[] times = Arrivals.poisson(new SplittableRandom(11), 1_000, 1).until(100_000_000_000L);
    assertEquals(100_000, times.length, 1_000);
    double meanGap = times[times.length - 1] / (double) times.length;
    assertEquals(1_000_000, meanGap, 10_000);
  }

  @Test
  void badSettingsAreRefusedWithTheParameterAndTheValue() {
    SplittableRandom r = new SplittableRandom(1);
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arrivals.poisson(r, rate, 1));
      assertEquals("ratePerSecond must be > 0 and finite, got " + rate, e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arrivals.poisson(r, 10, -1));
    assertEquals("minimumGapNanos must be >= 0, got -1", e.getMessage());
  }
}
