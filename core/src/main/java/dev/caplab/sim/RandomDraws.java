package dev.caplab.sim;

import java.util.random.RandomGenerator;

/**
 * Random variates that come out bit-for-bit the same on every JVM and CPU.
 *
 * <p>{@code Math.log}, {@code Math.exp} and {@code Math.pow} may differ in the last bit between
 * platforms (they are allowed 1 ulp of error and are replaced by CPU-specific intrinsics), and the
 * JDK's {@code nextGaussian()} is free to change its algorithm; either would make a seed's run
 * differ between a laptop and CI. Simulation code draws through these methods, or uses {@link
 * StrictMath} itself, so a seed reproduces everywhere.
 *
 * <p>Stateless and thread-safe; the generator passed in is used by the calling thread only.
 */
public final class RandomDraws {

  private RandomDraws() {}

  /** A standard normal variate (Marsaglia's polar method on {@link StrictMath}). */
  public static double gaussian(RandomGenerator random) {
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * random.nextDouble() - 1;
      v2 = 2 * random.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    return v1 * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  /** An exponential variate with the given mean (in whatever unit the mean has). */
  public static double exponential(RandomGenerator random, double mean) {
    return -mean * StrictMath.log1p(-random.nextDouble()); // nextDouble() < 1, so the log is finite
  }
}
