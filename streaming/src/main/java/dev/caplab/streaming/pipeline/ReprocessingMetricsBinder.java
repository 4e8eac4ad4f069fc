package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link Reprocessing}'s meters to a Micrometer registry, tagged {@code name=<name>}:
 * {@code caplab.reprocessing.serving.version} (gauge: the version readers read), {@code
 * caplab.reprocessing.replay.lag} (gauge: the replaying version's source lag, 0 without one),
 * {@code caplab.reprocessing.records} (function counters tagged {@code role=serving|replaying}: the
 * records the current serving and replaying versions have processed, so a switch shows as the
 * serving count jumping to the replay's) and {@code caplab.reprocessing.switches} (function counter).
 * Every meter reads the reprocessing when the registry reads it.
 *
 * <p>Thread-safe to bind; the registry must read the meters on the pipelines' thread.
 */
public final class ReprocessingMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.reprocessing.";

  private final String name;
  private final Reprocessing<?> reprocessing;

  /** A binder for {@code reprocessing}, tagged {@code name=<name>}. */
  public ReprocessingMetricsBinder(String name, Reprocessing<?> reprocessing) {
    this.name = Require.notNull(name, "name");
    this.reprocessing = Require.notNull(reprocessing, "reprocessing");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    Tags tags = Tags.of("name", name);
    Gauge.builder(PREFIX + "serving.version", reprocessing, r -> r.servingVersion().number())
        .description("The job version readers read").tags(tags).strongReference(true).register(registry);
    Gauge.builder(PREFIX + "replay.lag", reprocessing,
            r -> r.replayingVersion().map(v -> v.pipeline().sourceLag()).orElse(0L))
        .description("Records the replaying version has still to read").tags(tags).strongReference(true)
        .register(registry);
    FunctionCounter.builder(PREFIX + "records", reprocessing, r -> r.servingVersion().recordsProcessed())
        .description("Records processed by a version").tags(tags).tag("role", "serving").register(registry);
    FunctionCounter.builder(PREFIX + "records", reprocessing,
            r -> r.replayingVersion().map(Reprocessing.Version::recordsProcessed).orElse(0L))
        .description("Records processed by a version").tags(tags).tag("role", "replaying").register(registry);
    FunctionCounter.builder(PREFIX + "switches", reprocessing, r -> r.servingVersion().number() - 1)
        .description("Switches of readers to a replayed version").tags(tags).register(registry);
  }
}
