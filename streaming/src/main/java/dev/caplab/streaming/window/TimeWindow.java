package dev.caplab.streaming.window;

import dev.caplab.config.Require;

/**
 * An event-time window {@code [start, end)} in milliseconds, as Flink's {@code TimeWindow}: it holds
 * the timestamps {@code start <= t < end}, its last timestamp is {@link #maxTimestamp()} {@code =
 * end - 1}, and a pane it produces is stamped with that timestamp.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start the first timestamp in the window (inclusive)
 * @param end the end of the window (exclusive), greater than {@code start}
 */
public record TimeWindow(long start, long end) {

  /** Checks {@code start < end}, boxing the bounds for the message only when they are wrong. */
  public TimeWindow {
    if (start >= end) {
      Require.requireArgument(false, "end must be > start (%d), got %d", start, end);
    }
  }

  /** The last timestamp in the window, {@code end - 1}: the timestamp of its panes. */
  public long maxTimestamp() {
    return end - 1;
  }

  /**
   * Whether the two windows overlap or touch ({@code [0, 5)} and {@code [5, 10)} do): the rule by
   * which session windows merge, as Flink's {@code TimeWindow.intersects}.
   */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && end >= other.start;
  }

  /** The smallest window that holds both. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }

  /**
   * The start of the window of length {@code windowSize} that holds {@code timestamp}, with windows
   * aligned to {@code offset}: exactly Flink's {@code TimeWindow.getWindowStartWithOffset}, which
   * rounds down for negative timestamps too ({@code windowStart(-1, 0, 5) == -5}).
   */
  public static long windowStart(long timestamp, long offset, long windowSize) {
    long remainder = (timestamp - offset) % windowSize;
    return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
