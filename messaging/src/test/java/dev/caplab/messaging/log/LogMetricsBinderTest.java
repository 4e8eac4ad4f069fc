package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

class LogMetricsBinderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
  private final PartitionedLog<String, String> log = PartitionedLog.create(ticker);

  @Test
  void offsetsSizesAndLagAreGauges() {
    log.createTopic("t", TopicConfig.custom().partitions(2).segmentRecords(1).retentionBytes(2).build());
    ConsumerGroup group = log.group("g", "t");
    new LogMetricsBinder(log).bindTo(registry);
    for (int i = 0; i < 3; i++) {
      log.append("t", 1, null, "ab");
    }
    Assignment a = group.join("c");
    group.commit(a.memberId(), a.generation(), 1, 2);
    assertEquals(2, gauge("start.offset", "1"));
    assertEquals(3, gauge("end.offset", "1"));
    assertEquals(2, gauge("size", "1"));
    assertEquals(0, gauge("end.offset", "0"));
    assertEquals(1, registry.get("caplab.log.consumer.lag").tags("group", "g", "partition", "1").gauge().value());
    assertEquals(0, registry.get("caplab.log.consumer.lag").tags("group", "g", "partition", "0").gauge().value());
    assertEquals(1, registry.get("caplab.log.consumer.lag.total").tag("group", "g").gauge().value());
    assertThrows(NullPointerException.class, () -> new LogMetricsBinder(null));
  }

  private double gauge(String name, String partition) {
    return registry.get("caplab.log." + name).tags("topic", "t", "partition", partition).gauge().value();
  }
}
