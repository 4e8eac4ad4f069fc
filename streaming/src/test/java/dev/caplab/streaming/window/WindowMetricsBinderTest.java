package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowMetricsBinderTest {

  @Test
  void metersReadTheAggregator() {
    var op = WindowedAggregator.<String>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(10))).build())
        .build(p -> { });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new WindowMetricsBinder("scores", op).bindTo(registry);
    op.processLong("a", 1, 1);
    op.processLong("b", 1, 15);
    assertEquals(2.0, registry.get("caplab.window.open.windows").tag("name", "scores").gauge().value());
    assertEquals(2.0, registry.get("caplab.window.active.keys").gauge().value());
    op.advanceWatermark(12);
    op.processLong("a", 1, 2);
    assertEquals(12.0, registry.get("caplab.window.watermark").gauge().value());
    assertEquals(1.0, registry.get("caplab.window.panes").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.window.late.elements").tag("outcome", "dropped").functionCounter().count());
    assertEquals(0.0,
        registry.get("caplab.window.late.elements").tag("outcome", "side_output").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.window.open.windows").gauge().value());
  }
}
