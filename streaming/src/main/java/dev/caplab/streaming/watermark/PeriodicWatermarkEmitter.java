package dev.caplab.streaming.watermark;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.time.Duration;

/**
 * Drives a {@link WatermarkGenerator} as Flink's source operator does: elements go to {@link
 * WatermarkGenerator#onEvent} at once, and {@link WatermarkGenerator#onPeriodicEmit} runs every
 * {@code interval} of processing time (Flink's {@code autoWatermarkInterval}, 200 ms by default).
 * It starts no thread: call {@link #poll()} (from a scheduler's timer, or after each element); it
 * emits when the interval has passed since the last emission.
 *
 * <p>Not thread-safe.
 *
 * @param <T> the element type
 */
public final class PeriodicWatermarkEmitter<T> {

  /** Flink's default watermark interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  private final WatermarkGenerator<T> generator;
  private final WatermarkOutput output;
  private final Ticker ticker;
  private final long intervalNanos;
  private long lastEmit;

  /** Emits {@code generator}'s watermarks to {@code output} every {@code interval} (> 0). */
  public PeriodicWatermarkEmitter(WatermarkGenerator<T> generator, WatermarkOutput output, Ticker ticker,
      Duration interval) {
    this.generator = Require.notNull(generator, "generator");
    this.output = Require.notNull(output, "output");
    this.ticker = Require.notNull(ticker, "ticker");
    this.intervalNanos = Require.positiveNanos("interval", interval);
    this.lastEmit = ticker.nanos();
  }

  /** Passes an element to the generator. */
  public void onEvent(T event, long timestamp) {
    generator.onEvent(event, timestamp, output);
  }

  /** Runs the periodic emission if an interval has passed since the last one; returns whether it did. */
  public boolean poll() {
    long now = ticker.nanos();
    if (now - lastEmit < intervalNanos) {
      return false;
    }
    lastEmit = now;
    generator.onPeriodicEmit(output);
    return true;
  }
}
