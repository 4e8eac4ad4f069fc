package dev.caplab.replication.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link WriteBackCache}'s counts to a Micrometer registry, tagged {@code name}:
 *
 * <ul>
 *   <li>counters {@code caplab.writeback.increments} with tag {@code outcome} = {@code
 *       acknowledged}, {@code applied} or {@code lost}; {@code caplab.writeback.writes} (sent to the
 *       store), {@code caplab.writeback.writes.failed} (refused and buffered again) and {@code
 *       caplab.writeback.flushes};
 *   <li>gauges {@code caplab.writeback.buffered} and {@code caplab.writeback.inflight}: the
 *       increments at risk now, and {@code caplab.writeback.buffered.keys}.
 * </ul>
 *
 * <p>The meters read {@link WriteBackCache#stats()} when the registry reads them (in a simulation,
 * a registry on the simulated clock, such as a node's {@code ctx.metrics()}). Thread-safe to
 * construct; binding registers the meters once.
 */
public final class WriteBackMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.writeback.";

  private final WriteBackCache cache;
  private final String name;

  /** A binder for {@code cache}, its meters tagged {@code name=<name>}. */
  public WriteBackMetricsBinder(WriteBackCache cache, String name) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags tags = Tags.of("name", name);
    counter(registry, "increments", "Increments by outcome", tags.and("outcome", "acknowledged"), s -> s.acknowledged());
    counter(registry, "increments", "Increments by outcome", tags.and("outcome", "applied"), s -> s.applied());
    counter(registry, "increments", "Increments by outcome", tags.and("outcome", "lost"), s -> s.lost());
    counter(registry, "writes", "Writes sent to the store, one per key per flush", tags, s -> s.writes());
    counter(registry, "writes.failed", "Writes the store refused, buffered again", tags, s -> s.failedWrites());
    counter(registry, "flushes", "Flushes that wrote at least one key", tags, s -> s.flushes());
    gauge(registry, "buffered", "Acknowledged increments not yet sent", tags, s -> s.buffered());
    gauge(registry, "inflight", "Increments in writes the store has not answered", tags, s -> s.inFlight());
    gauge(registry, "buffered.keys", "Keys with buffered increments", tags, s -> s.bufferedKeys());
  }

  private void counter(MeterRegistry registry, String meter, String description, Tags tags,
      ToDoubleFunction<WriteBackStats> f) {
    FunctionCounter.builder(PREFIX + meter, cache, c -> f.applyAsDouble(c.stats())).description(description)
        .tags(tags).register(registry);
  }

  private void gauge(MeterRegistry registry, String meter, String description, Tags tags,
      ToDoubleFunction<WriteBackStats> f) {
    Gauge.builder(PREFIX + meter, cache, c -> f.applyAsDouble(c.stats())).description(description).tags(tags)
        .strongReference(true).register(registry);
  }
}
