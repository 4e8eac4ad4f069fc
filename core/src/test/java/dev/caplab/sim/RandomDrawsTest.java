package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
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

  @Test
  void aPairOnTheUnitCircleIsRejectedAndTheNextPairDrawn() {
    // 0.0 and 0.5 give the pair (-1, 0), with s = 1 exactly: the polar method needs s < 1
    double[] script = {0.0, 0.5, 0.75, 0.5};
    int[] draws = new int[1];
    RandomGenerator random = new RandomGenerator() {
      @Override
      public double nextDouble() {
        return script[draws[0]++];
      }

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }
    };
    // the pair (0.5, 0): s = 0.25, so the draw is 0.5 * sqrt(-2 ln 0.25 / 0.25)
    assertEquals(0.5 * StrictMath.sqrt(-2 * StrictMath.log(0.25) / 0.25), RandomDraws.gaussian(random));
    assertEquals(4, draws[0]);
  }
}
