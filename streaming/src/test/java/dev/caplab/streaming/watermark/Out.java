package dev.caplab.streaming.watermark;

import java.util.ArrayList;
import java.util.List;

/** Records what a generator or a valve emits, as strings. */
final class Out implements WatermarkOutput, StatusWatermarkValve.Output {
  final List<String> events = new ArrayList<>();

  @Override
  public void emitWatermark(long watermark) {
    events.add(watermark == Long.MIN_VALUE ? "wm MIN" : "wm " + watermark);
  }

  @Override
  public void markIdle() {
    events.add("idle");
  }

  @Override
  public void markActive() {
    events.add("active");
  }

  @Override
  public void emitStatus(boolean idle) {
    events.add(idle ? "idle" : "active");
  }

  List<String> take() {
    List<String> c = List.copyOf(events);
    events.clear();
    return c;
  }
}
