package dev.caplab.streaming.sketch;

/**
 * A distinct count as a HyperLogLog sketch estimates it, with its error shown: the true count lies
 * in {@code [lowerBound, upperBound]} with probability {@link #confidence()} (bounds {@code
 * confidenceStdDevs} standard deviations wide, from the sketch's {@code getLowerBound} and {@code
 * getUpperBound}).
 *
 * <p>Thread-safe: immutable.
 *
 * @param estimate the estimated number of distinct values
 * @param lowerBound the lower bound at the stated confidence
 * @param upperBound the upper bound at the stated confidence
 * @param confidenceStdDevs the bounds' width in standard deviations (1, 2 or 3)
 * @param lgK the sketch's lgK
 */
public record DistinctEstimate(double estimate, double lowerBound, double upperBound, int confidenceStdDevs,
    int lgK) {

  /** The probability that the bounds hold the true count: 0.6827, 0.9545 or 0.9973. */
  public double confidence() {
    return DistinctCountConfig.confidence(confidenceStdDevs);
  }

  /** The estimate rounded to a whole count. */
  public long rounded() {
    return Math.round(estimate);
  }

  /** Whether {@code count} lies within the bounds. */
  public boolean contains(long count) {
    return lowerBound <= count && count <= upperBound;
  }

  /** The estimate and its rounded bounds, {@code 1021[998..1046]}. */
  @Override
  public String toString() {
    return rounded() + "[" + (long) Math.floor(lowerBound) + ".." + (long) Math.ceil(upperBound) + "]";
  }
}
