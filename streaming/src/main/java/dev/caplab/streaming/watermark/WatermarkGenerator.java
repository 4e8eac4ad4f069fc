package dev.caplab.streaming.watermark;

/**
 * Decides watermarks from the elements of one input, as Flink's {@code WatermarkGenerator}: on
 * each element ({@link #onEvent}, where a punctuated generator emits) and periodically on
 * processing time ({@link #onPeriodicEmit}, where a periodic one does, driven by a {@link
 * PeriodicWatermarkEmitter}). Event time is in milliseconds.
 *
 * @param <T> the element type
 */
public interface WatermarkGenerator<T> {

  /** Sees one element with its event timestamp; may emit a watermark. */
  void onEvent(T event, long timestamp, WatermarkOutput output);

  /** Called every watermark interval of processing time; may emit a watermark. */
  void onPeriodicEmit(WatermarkOutput output);
}
