package dev.caplab.messaging.log;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a {@link PartitionedLog}'s gauges to a Micrometer registry, for the topics and groups the
 * log has when it is bound:
 *
 * <ul>
 *   <li>{@code caplab.log.start.offset}, {@code caplab.log.end.offset} and {@code
 *       caplab.log.size} (bytes, as the log's sizer counts) per partition, tagged {@code topic}
 *       and {@code partition};
 *   <li>{@code caplab.log.consumer.lag} per partition (tags {@code group}, {@code topic}, {@code
 *       partition}) and {@code caplab.log.consumer.lag.total} per group: the records the group has
 *       still to commit, Kafka's {@code records-lag}.
 * </ul>
 *
 * <p>The gauges read the log when the registry reads them, so read the registry on the log's
 * thread (in a simulation, a registry from {@code SimulatedMeterRegistry.create(simulation.ticker())}).
 *
 * <p>Thread-safe to construct; binding registers meters once.
 */
public final class LogMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.log.";

  private final PartitionedLog<?, ?> log;

  /** A binder for {@code log}. */
  public LogMetricsBinder(PartitionedLog<?, ?> log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (String topic : log.topics()) {
      for (int p = 0; p < log.partitions(topic); p++) {
        int partition = p;
        Tags tags = Tags.of("topic", topic, "partition", Integer.toString(p));
        Gauge.builder(PREFIX + "start.offset", log, l -> l.logStartOffset(topic, partition))
            .description("The first offset the partition retains").tags(tags).strongReference(true).register(registry);
        Gauge.builder(PREFIX + "end.offset", log, l -> l.logEndOffset(topic, partition))
            .description("The offset the next record appended to the partition gets").tags(tags)
            .strongReference(true).register(registry);
        Gauge.builder(PREFIX + "size", log, l -> l.sizeInBytes(topic, partition)).baseUnit("bytes")
            .description("The size of the records the partition retains").tags(tags).strongReference(true)
            .register(registry);
      }
    }
    for (String groupId : log.groups()) {
      ConsumerGroup group = log.existingGroup(groupId);
      for (int p = 0; p < group.partitions(); p++) {
        int partition = p;
        Gauge.builder(PREFIX + "consumer.lag", group, g -> g.lag(partition))
            .description("Records of the partition the group has not committed yet")
            .tags("group", groupId, "topic", group.topic(), "partition", Integer.toString(p))
            .strongReference(true).register(registry);
      }
      Gauge.builder(PREFIX + "consumer.lag.total", group, ConsumerGroup::totalLag)
          .description("Records of the topic the group has not committed yet")
          .tags("group", groupId, "topic", group.topic()).strongReference(true).register(registry);
    }
  }
}
