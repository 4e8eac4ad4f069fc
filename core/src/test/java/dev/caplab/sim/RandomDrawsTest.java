package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomDrawsTest {

  /**
   * The exact bits for one seed, computed once: StrictMath is specified bit for bit, so these must
   * hold on every CPU and JDK. A failure here means a seed no longer reproduces across machines.
   */
  @Test
  void drawsAreTheSameBitsEverywhere() {
    SplittableRandom r = new SplittableRandom(42);
    assertEquals(4602551829477310604L, Double.doubleToLongBits(RandomDraws.gaussian(r)));
    assertEquals(4599554457330263203L, Double.doubleToLongBits(RandomDraws.exponential(r, 1.0)));
  }

  @Test
  void gaussianHasMeanZeroAndVarianceOne() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 400_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double x = RandomDraws.gaussian(r);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / n;
    double variance = sumSq / n - mean * mean;
    assertEquals(0.0, mean, 4 / Math.sqrt(n), "mean");
    assertEquals(1.0, variance, 4 * Math.sqrt(2.0 / n), "variance");
  }

  @Test
  void exponentialHasTheGivenMean() {
    SplittableRandom r = new SplittableRandom(9);
    int n = 400_000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += RandomDraws.exponential(r, 3.0);
    }
    assertEquals(3.0, sum / n, 4 * 3.0 / Math.sqrt(n), "mean");
  }
}
