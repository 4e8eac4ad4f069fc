package dev.caplab.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.sketch.DistinctCount;
import dev.caplab.streaming.sketch.DistinctCountConfig;
import dev.caplab.streaming.sketch.DistinctEstimate;
import dev.caplab.streaming.sketch.PercentileSummary;
import dev.caplab.streaming.sketch.Percentiles;
import dev.caplab.streaming.sketch.PercentilesConfig;
import dev.caplab.streaming.state.StateMetricsBinder;
import dev.caplab.streaming.state.StateTtlConfig;
import dev.caplab.streaming.state.TtlValueState;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.IntCountsHistogram;
import org.junit.jupiter.api.Test;

/**
 * The embedding examples of docs/streaming.md's sketch and state sections compile and do what the
 * text says, and the sizes it quotes hold.
 */
class StreamingDocsTest {

  /** What the examples' dashboards receive. */
  private final List<Object> shown = new ArrayList<>();

  @Test
  void sketchExample() {
    WindowConfig minutes = WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMinutes(1))).build();
    WindowedAggregator<String, Long, DistinctEstimate> visitors = WindowedAggregator
        .<String, Long, DistinctEstimate>aggregate(DistinctCount.longs(DistinctCountConfig.custom().lgK(14).build()))
        .config(minutes)
        .build(pane -> shown.add(pane.value()));
    WindowedAggregator<String, Long, PercentileSummary> latencies = WindowedAggregator
        .<String, Long, PercentileSummary>aggregate(new Percentiles(PercentilesConfig.custom()
            .quantiles(0.5, 0.99, 0.999).significantDigits(3).build()))
        .config(minutes)
        .build(pane -> shown.add(pane.value().valueAt(0.99)));
    for (long i = 0; i < 1000; i++) {
      visitors.processLong("home", i % 300, i);
      latencies.processLong("search", i + 1, i);
    }
    visitors.advanceWatermark(Long.MAX_VALUE);
    latencies.advanceWatermark(Long.MAX_VALUE);
    assertEquals(300, ((DistinctEstimate) shown.get(0)).rounded());
    assertEquals(990L, shown.get(1));
  }

  @Test
  void stateExample() {
    ManualTicker ticker = new ManualTicker();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StateTtlConfig ttl = StateTtlConfig.custom().ttl(Duration.ofMinutes(30))
        .updateType(StateTtlConfig.UpdateType.ON_READ_AND_WRITE).build();
    TtlValueState<String, String> carts = TtlValueState.create(ttl, ticker, String::length);
    new StateMetricsBinder("carts", carts).bindTo(registry);
    carts.update("user-7", "milk");
    ticker.advance(Duration.ofMinutes(29));
    assertEquals("milk", carts.value("user-7"));
    ticker.advance(Duration.ofMinutes(30));
    assertNull(carts.value("user-7")); // 30 minutes without a read or write
    assertEquals(1.0, registry.get("caplab.state.expired.cleaned").functionCounter().count());
  }

  @Test
  void theQuotedSizesHold() {
    DistinctCount<Long> hll = DistinctCount.longs(DistinctCountConfig.ofDefaults());
    DistinctCount.Sketch s = hll.createAccumulator();
    for (long v = 0; v < 100_000; v++) {
      s = hll.add(v, s);
    }
    assertTrue(s.bytes() > 2048 && s.bytes() < 2300, "lgK 12: about 2 KiB, got " + s.bytes());
    Percentiles p = new Percentiles(PercentilesConfig.ofDefaults());
    IntCountsHistogram h = p.createAccumulator();
    p.add(1_000_000L, h);
    assertTrue(h.getEstimatedFootprintInBytes() <= 7.5 * 1024, "2 digits up to 10^6: 7.5 KiB, got "
        + h.getEstimatedFootprintInBytes());
    assertSame(h, p.add(1L, h));
  }
}
