package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The reprocessing meters follow a replay through its switch. */
class ReprocessingMetricsBinderTest {

  @Test
  void metersFollowTheReplayThroughTheSwitch() {
    ManualTicker ticker = new ManualTicker();
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("in", 1);
    for (int i = 0; i < 10; i++) {
      log.append("in", "k", 1L);
    }
    CollectingSink<Long> v1 = new CollectingSink<>();
    CollectingSink<Long> v2 = new CollectingSink<>();
    Pipeline live = Pipeline.builder(Pipeline.from(Source.fromLog(log, "in", 0, 0, 0)).map(LogRecord::value).to(v1))
        .ticker(ticker).build();
    live.runUntilIdle(100);
    Reprocessing<CollectingSink<Long>> k = Reprocessing.serving(live, v1, ticker);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ReprocessingMetricsBinder("billing", k).bindTo(registry);
    assertEquals(1.0, registry.get("caplab.reprocessing.serving.version").tag("name", "billing").gauge().value());
    assertEquals(0.0, registry.get("caplab.reprocessing.replay.lag").gauge().value());
    assertEquals(10.0, registry.get("caplab.reprocessing.records").tag("role", "serving").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.reprocessing.records").tag("role", "replaying").functionCounter().count());
    k.replay(Pipeline.builder(Pipeline.from(Replay.fromEarliest(log, "in", 0, 0)).map(LogRecord::value).to(v2))
        .config(PipelineConfig.custom().maxPollRecords(4).build()).ticker(ticker).build(), v2);
    assertEquals(10.0, registry.get("caplab.reprocessing.replay.lag").gauge().value());
    k.runRound();
    assertEquals(6.0, registry.get("caplab.reprocessing.replay.lag").gauge().value());
    assertEquals(4.0, registry.get("caplab.reprocessing.records").tag("role", "replaying").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.reprocessing.switches").functionCounter().count());
    for (int i = 0; i < 10 && k.replayingVersion().isPresent(); i++) {
      k.runRound();
    }
    assertEquals(2.0, registry.get("caplab.reprocessing.serving.version").gauge().value());
    assertEquals(1.0, registry.get("caplab.reprocessing.switches").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.reprocessing.records").tag("role", "replaying").functionCounter().count());
    assertEquals(10.0, registry.get("caplab.reprocessing.records").tag("role", "serving").functionCounter().count());
    assertThrows(NullPointerException.class, () -> new ReprocessingMetricsBinder(null, k));
    assertThrows(NullPointerException.class, () -> new ReprocessingMetricsBinder("x", null));
  }
}
