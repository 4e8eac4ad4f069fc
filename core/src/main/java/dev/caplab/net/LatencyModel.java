package dev.caplab.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A distribution of one-way message latencies (or of service times), sampled in nanoseconds.
 *
 * <p>Models are immutable values and thread-safe; all randomness comes from the generator the
 * caller passes, so a simulation that passes its seeded stream gets the same samples on every run.
 * Samples are never negative.
 */
public interface LatencyModel {

  /** Draws one latency in nanoseconds, {@code >= 0}, using only {@code random}. */
  long sampleNanos(RandomGenerator random);

  /**
   * The mean of the samples this model produces, in nanoseconds (after truncation at zero), or
   * {@code Double.POSITIVE_INFINITY} where the distribution has no finite mean.
   */
  double meanNanos();

  /** The model that always answers {@code latency}. */
  static LatencyModel constant(Duration latency) {
    return LatencyModels.constant(latency);
  }

  /** Zero latency: delivery at the instant of sending (still after everything already due). */
  static LatencyModel zero() {
    return LatencyModels.constant(Duration.ZERO);
  }

  /** Uniform between {@code min} and {@code max}, both inclusive. */
  static LatencyModel uniform(Duration min, Duration max) {
    return LatencyModels.uniform(min, max);
  }

  /** Normal with the given mean and standard deviation, truncated at zero (negative draws are redrawn). */
  static LatencyModel normal(Duration mean, Duration standardDeviation) {
    return LatencyModels.normal(mean, standardDeviation);
  }

  /** Exponential with the given mean (rate = 1 / mean). */
  static LatencyModel exponential(Duration mean) {
    return LatencyModels.exponential(mean);
  }

  /** Log-normal: {@code median * exp(sigma * Z)} for a standard normal Z; {@code sigma >= 0}. */
  static LatencyModel logNormal(Duration median, double sigma) {
    return LatencyModels.logNormal(median, sigma);
  }

  /** Pareto with scale (minimum) {@code xm} and shape {@code alpha > 0}; mean infinite for {@code alpha <= 1}. */
  static LatencyModel pareto(Duration xm, double alpha) {
    return LatencyModels.pareto(xm, alpha);
  }

  /** Starts a weighted mixture: each sample comes from one component chosen by weight. */
  static Mixture.Builder mixture() {
    return Mixture.builder();
  }

  /** Samples uniformly from observed latencies, in nanoseconds (at least one, none negative). */
  static LatencyModel empirical(long... samplesNanos) {
    return LatencyModels.empirical(samplesNanos);
  }

  /** Samples from the distribution recorded in an HdrHistogram of nanosecond values (not empty). */
  static LatencyModel empirical(org.HdrHistogram.AbstractHistogram histogram) {
    return LatencyModels.empirical(histogram);
  }

  /** This model shifted by a fixed extra delay (for example a WAN hop). */
  default LatencyModel plus(Duration extra) {
    return LatencyModels.shifted(this, extra);
  }
}
