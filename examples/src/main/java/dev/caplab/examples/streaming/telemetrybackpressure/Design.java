package dev.caplab.examples.streaming.telemetrybackpressure;

import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.streaming.pipeline.BufferMode;

/** How the pipeline's buffers meet the spike: one variant each. Immutable. */
enum Design implements VariantKey {
  BACKPRESSURE("backpressure", BufferMode.BACKPRESSURE, "credit-based backpressure, the backlog stays in the log"),
  SHED("shed", BufferMode.SHED, "shed by priority when a buffer is full: debug first, alarms last"),
  UNBOUNDED("unbounded", BufferMode.UNBOUNDED, "unbounded buffers, the backlog moves into memory");

  private final String key;
  private final BufferMode mode;
  private final String description;

  Design(String key, BufferMode mode, String description) {
    this.key = key;
    this.mode = mode;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  BufferMode mode() {
    return mode;
  }

  String description() {
    return description;
  }
}
