package dev.caplab.net;

import dev.caplab.sim.RandomDraws;
import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Normal with mean {@code mean} and standard deviation {@code sd}, truncated at zero by rejection:
 * a negative draw is redrawn, so the shape above zero is kept rather than piling mass at 0.
 *
 * <p>Because {@code mean >= 0}, each draw is accepted with probability at least 1/2; after {@value
 * #MAX_REDRAWS} rejections in a row (probability below 2^-1000, i.e. never in practice) the sample
 * falls back to 0, which bounds the loop without biasing any realistic run. {@link #meanNanos()}
 * is the truncated-normal mean {@code mean + sd * phi(a) / (1 - Phi(a))} with {@code a = -mean /
 * sd}.
 *
 * <p>Immutable, thread-safe; built (and validated) by {@link LatencyModels}.
 */
record NormalLatency(long mean, long sd) implements LatencyModel {

  /** Redraws before giving up and answering 0; see the class comment. */
  static final int MAX_REDRAWS = 1000;

  @Override
  public long sampleNanos(RandomGenerator random) {
    for (int i = 0; i < MAX_REDRAWS; i++) {
      double x = mean + sd * RandomDraws.gaussian(random);
      if (x >= 0) {
        return LatencyModels.clamp(x);
      }
    }
    return 0;
  }

  @Override
  public double meanNanos() {
    if (sd == 0) {
      return mean;
    }
    double a = -(double) mean / sd;
    double density = StrictMath.exp(-a * a / 2) / StrictMath.sqrt(2 * Math.PI);
    double survival = 0.5 * erfc(a / StrictMath.sqrt(2)); // 1 - Phi(a), >= 1/2 since a <= 0
    return mean + sd * density / survival;
  }

  /**
   * Complementary error function, Chebyshev fit from Numerical Recipes (erfcc), relative error
   * below 1.2e-7 everywhere: ample for a mean, and the JDK has no erf.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  @Override
  public String toString() {
    return "normal(mean=" + Durations.exact(mean) + ", sd=" + Durations.exact(sd)
        + ", truncated at 0)";
  }
}
