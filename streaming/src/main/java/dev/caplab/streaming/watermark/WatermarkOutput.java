package dev.caplab.streaming.watermark;

/**
 * Where a {@link WatermarkGenerator} sends what it decides, as Flink's {@code WatermarkOutput}: a
 * watermark, or that its input is idle (and, with the next watermark or {@link #markActive()},
 * active again).
 */
public interface WatermarkOutput {

  /** A watermark: event time has reached {@code watermark}; no element at or before it is expected. */
  void emitWatermark(long watermark);

  /** The input is idle: it should not hold the combined watermark back. */
  void markIdle();

  /** The input is active again. */
  void markActive();
}
