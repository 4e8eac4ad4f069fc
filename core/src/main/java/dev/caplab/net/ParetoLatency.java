package dev.caplab.net;

import dev.caplab.time.Durations;
import java.util.random.RandomGenerator;

/**
 * Pareto with scale (minimum) {@code xm > 0} and shape {@code alpha > 0}, by inverse CDF: {@code xm
 * / U^(1/alpha)} with {@code U} in (0, 1], computed as {@code xm * exp(-log(U) / alpha)} on
 * StrictMath (the same bits on every platform, and unlike {@code StrictMath.pow} it does not
 * allocate). The mean {@code alpha * xm / (alpha - 1)} is infinite for {@code alpha <= 1}; draws
 * are clamped to {@link LatencyModels#MAX_NANOS}. Immutable, thread-safe; built (and validated) by
 * {@link LatencyModels}.
 */
record ParetoLatency(long xm, double alpha) implements LatencyModel {

  @Override
  public long sampleNanos(RandomGenerator random) {
    // max(xm, ..): above 2^53 ns a double cannot hold xm exactly; keep "never below xm" exact
    double u = random.nextDouble(); // 1 - u is the U in (0, 1]
    return Math.max(xm, LatencyModels.clamp(xm * StrictMath.exp(-StrictMath.log1p(-u) / alpha)));
  }

  @Override
  public double meanNanos() {
    return alpha <= 1 ? Double.POSITIVE_INFINITY : alpha * xm / (alpha - 1);
  }

  @Override
  public String toString() {
    return "pareto(xm=" + Durations.exact(xm) + ", alpha=" + alpha + ")";
  }
}
