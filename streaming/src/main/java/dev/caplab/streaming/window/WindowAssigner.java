package dev.caplab.streaming.window;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Which event-time windows an element belongs to, as Flink's {@code TumblingEventTimeWindows},
 * {@code SlidingEventTimeWindows} and {@code EventTimeSessionWindows}:
 *
 * <ul>
 *   <li>{@link #tumbling tumbling}: the one window {@code [start, start + size)} with {@code start =}
 *       {@link TimeWindow#windowStart windowStart(t, offset, size)};
 *   <li>{@link #sliding sliding}: the {@code size / slide} windows (rounded up) whose starts are
 *       {@code windowStart(t, offset, slide)} and every {@code slide} before it while {@code start > t -
 *       size}; starts may be negative ({@code t = 0} with size 10 and slide 5 is in {@code [-5, 5)}
 *       and {@code [0, 10)});
 *   <li>{@link #session session}: the window {@code [t, t + gap)}, merged with every window of the
 *       same key it overlaps or touches.
 * </ul>
 *
 * <p>Event time is in milliseconds; a duration is taken to the whole millisecond below it. Bad
 * values are rejected as Flink rejects them ({@code |offset| < size}, {@code |offset| < slide}),
 * plus a slide larger than the size, which would leave gaps no window covers.
 *
 * <p>Immutable and thread-safe.
 */
public final class WindowAssigner {

  /** The three kinds of window. */
  public enum Kind {
    /** Fixed, non-overlapping windows. */
    TUMBLING,
    /** Fixed windows of one size that start every slide, so they overlap. */
    SLIDING,
    /** Per-key windows that grow while elements arrive less than a gap apart. */
    SESSION
  }

  private static final Duration ONE_MILLI = Duration.ofMillis(1);

  private final Kind kind;
  private final long size;
  private final long slide;
  private final long offset;

  private WindowAssigner(Kind kind, long size, long slide, long offset) {
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
  }

  /** Tumbling windows of {@code size}, aligned to the epoch. */
  public static WindowAssigner tumbling(Duration size) {
    return tumbling(size, Duration.ZERO);
  }

  /** Tumbling windows of {@code size} starting at {@code offset} plus multiples of {@code size}. */
  public static WindowAssigner tumbling(Duration size, Duration offset) {
    long s = millis("size", size);
    long o = Require.notNull(offset, "offset").toMillis();
    Require.requireArgument(Math.abs(o) < s, "offset must be in (-size, size) = (-%s, %s), got %s",
        Durations.exact(size), Durations.exact(size), Durations.exact(offset));
    return new WindowAssigner(Kind.TUMBLING, s, s, o);
  }

  /** Sliding windows of {@code size} starting every {@code slide}, aligned to the epoch. */
  public static WindowAssigner sliding(Duration size, Duration slide) {
    return sliding(size, slide, Duration.ZERO);
  }

  /** Sliding windows of {@code size} starting at {@code offset} plus multiples of {@code slide}. */
  public static WindowAssigner sliding(Duration size, Duration slide, Duration offset) {
    long s = millis("size", size);
    long sl = millis("slide", slide);
    Require.requireArgument(sl <= s, "slide must be <= size (%s), got %s", Durations.exact(size),
        Durations.exact(slide));
    long o = Require.notNull(offset, "offset").toMillis();
    Require.requireArgument(Math.abs(o) < sl, "offset must be in (-slide, slide) = (-%s, %s), got %s",
        Durations.exact(slide), Durations.exact(slide), Durations.exact(offset));
    return new WindowAssigner(Kind.SLIDING, s, sl, o);
  }

  /** Session windows: an element opens {@code [t, t + gap)}; windows that overlap or touch merge. */
  public static WindowAssigner session(Duration gap) {
    long g = millis("gap", gap);
    return new WindowAssigner(Kind.SESSION, g, g, 0);
  }

  /** The kind of windows. */
  public Kind kind() {
    return kind;
  }

  /** The window size in ms (the gap, for sessions). */
  public long sizeMillis() {
    return size;
  }

  /** The slide in ms (the size, for tumbling windows; the gap, for sessions). */
  public long slideMillis() {
    return slide;
  }

  /** The offset in ms (0 for sessions). */
  public long offsetMillis() {
    return offset;
  }

  /**
   * The most windows one element is assigned to: 1, or {@code ceil(size / slide)} for sliding
   * windows.
   */
  public int maxWindowsPerElement() {
    return kind == Kind.SLIDING ? (int) Math.min(Integer.MAX_VALUE, (size + slide - 1) / slide) : 1;
  }

  /**
   * Writes the starts of the windows {@code timestamp} belongs to into {@code starts} (each window
   * ends at its start plus {@link #sizeMillis()}) in Flink's order, latest first, and returns how
   * many. {@code starts} must hold {@link #maxWindowsPerElement()}. Allocates nothing.
   */
  public int assign(long timestamp, long[] starts) {
    if (kind == Kind.TUMBLING) {
      starts[0] = TimeWindow.windowStart(timestamp, offset, size);
      return 1;
    }
    if (kind == Kind.SESSION) {
      starts[0] = timestamp;
      return 1;
    }
    int n = 0;
    long lastStart = TimeWindow.windowStart(timestamp, offset, slide);
    for (long start = lastStart; start > timestamp - size; start -= slide) {
      starts[n++] = start;
    }
    return n;
  }

  private static long millis(String name, Duration d) {
    Require.atLeast(name, d, ONE_MILLI);
    return d.toMillis();
  }

  @Override
  public String toString() {
    switch (kind) {
      case TUMBLING:
        return "tumbling(" + size + " ms" + (offset == 0 ? "" : ", offset " + offset + " ms") + ")";
      case SLIDING:
        return "sliding(" + size + " ms, slide " + slide + " ms" + (offset == 0 ? "" : ", offset " + offset + " ms")
            + ")";
      default:
        return "session(gap " + size + " ms)";
    }
  }
}
