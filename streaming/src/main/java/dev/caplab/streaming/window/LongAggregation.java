package dev.caplab.streaming.window;

/**
 * The built-in aggregations of {@code long} values, kept as primitive state per window (no boxing
 * per element). Results: a {@link Long} for all but {@link #AVERAGE}, a {@link Double}.
 */
public enum LongAggregation {
  /** The sum (wrapping on overflow, as Java's {@code long} addition does). */
  SUM,
  /** The number of elements. */
  COUNT,
  /** The smallest value. */
  MIN,
  /** The largest value. */
  MAX,
  /** The arithmetic mean, as a double. */
  AVERAGE
}
