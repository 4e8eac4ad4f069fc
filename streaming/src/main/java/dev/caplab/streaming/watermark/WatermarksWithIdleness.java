package dev.caplab.streaming.watermark;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.time.Duration;

/**
 * Flink's {@code WatermarksWithIdleness}: wraps a generator and marks its input idle when no
 * element arrived for {@code idleTimeout} of processing time, so that a silent partition does not
 * hold back the minimum watermark across inputs ({@link StatusWatermarkValve}). The next element
 * makes the input active again (its next watermark does so downstream).
 *
 * <p>As in Flink's {@code IdlenessTimer}, idleness is checked at each periodic emission: the first
 * emission without activity starts the clock, and the input is idle once more than the timeout has
 * passed since. Flink marks "not started" with time 0; here it is a flag, because a simulated
 * ticker starts at 0.
 *
 * <p>Not thread-safe.
 *
 * @param <T> the element type
 */
public final class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {

  private final WatermarkGenerator<T> watermarks;
  private final long idleNanos;
  private final Ticker ticker;
  private long counter;
  private long lastCounter;
  private boolean timing;
  private long startOfInactivity;

  /** Wraps {@code watermarks}; {@code idleTimeout} must be > 0. */
  public WatermarksWithIdleness(WatermarkGenerator<T> watermarks, Duration idleTimeout, Ticker ticker) {
    this.watermarks = Require.notNull(watermarks, "watermarks");
    this.idleNanos = Require.positiveNanos("idleTimeout", idleTimeout);
    this.ticker = Require.notNull(ticker, "ticker");
  }

  @Override
  public void onEvent(T event, long timestamp, WatermarkOutput output) {
    watermarks.onEvent(event, timestamp, output);
    counter++;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (checkIfIdle()) {
      output.markIdle();
    } else {
      watermarks.onPeriodicEmit(output);
    }
  }

  private boolean checkIfIdle() {
    if (counter != lastCounter) {
      lastCounter = counter;
      timing = false;
      return false;
    }
    if (!timing) {
      timing = true;
      startOfInactivity = ticker.nanos();
      return false;
    }
    return ticker.nanos() - startOfInactivity > idleNanos;
  }
}
