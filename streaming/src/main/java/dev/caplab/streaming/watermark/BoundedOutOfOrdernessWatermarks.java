package dev.caplab.streaming.watermark;

import dev.caplab.config.Require;
import java.time.Duration;

/**
 * Flink's {@code BoundedOutOfOrdernessWatermarks}: elements may arrive up to a bound late, so the
 * watermark trails the largest timestamp seen by the bound: it is {@code max - bound - 1} (the
 * {@code - 1} because a watermark {@code w} says no element at or before {@code w} will come, and
 * one at exactly {@code max - bound} still may). Emitted periodically; before the first element it
 * is {@link Long#MIN_VALUE}. With a zero bound this is Flink's {@code
 * AscendingTimestampsWatermarks}.
 *
 * <p>Not thread-safe.
 *
 * @param <T> the element type
 */
public final class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {

  private final long bound;
  private long maxTimestamp;

  /** A generator allowing {@code maxOutOfOrderness} (>= 0, whole milliseconds) of disorder. */
  public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
    this.bound = Require.atLeast("maxOutOfOrderness", maxOutOfOrderness, Duration.ZERO).toMillis();
    // start so that the first periodic watermark is Long.MIN_VALUE, without underflow
    this.maxTimestamp = Long.MIN_VALUE + bound + 1;
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, timestamp);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(currentWatermark());
  }

  /** The watermark the next periodic emission gives. */
  public long currentWatermark() {
    return maxTimestamp - bound - 1;
  }
}
