package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link Pipeline}'s meters to a Micrometer registry, tagged {@code name=<name>}: {@code
 * caplab.pipeline.buffered.records} (gauge: records in memory), {@code
 * caplab.pipeline.buffer.occupancy} (gauge per buffer, tagged {@code buffer=<index>}), {@code
 * caplab.pipeline.source.lag} (gauge), {@code caplab.pipeline.backpressured.seconds} (function
 * counter), {@code caplab.pipeline.dropped} (function counter; per priority only through {@link
 * Pipeline#droppedByPriority()}, since priorities appear at run time), {@code
 * caplab.pipeline.checkpoints} (function counters tagged {@code outcome=completed|skipped}). Every
 * meter reads the pipeline when the registry reads it.
 *
 * <p>Thread-safe to bind; the registry must read the meters on the pipeline's thread (in a
 * simulation, a registry on the simulated clock).
 */
public final class PipelineMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.pipeline.";

  private final String name;
  private final Pipeline pipeline;

  /** A binder for {@code pipeline}, tagged {@code name=<name>}. */
  public PipelineMetricsBinder(String name, Pipeline pipeline) {
    this.name = Require.notNull(name, "name");
    this.pipeline = Require.notNull(pipeline, "pipeline");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    Tags tags = Tags.of("name", name);
    Gauge.builder(PREFIX + "buffered.records", pipeline, Pipeline::bufferedRecords)
        .description("Records held in buffers and tasks").tags(tags).strongReference(true).register(registry);
    int buffers = pipeline.bufferOccupancy().size();
    for (int i = 0; i < buffers; i++) {
      int index = i;
      Gauge.builder(PREFIX + "buffer.occupancy", pipeline, p -> p.bufferOccupancy().get(index))
          .description("Records in one buffer").tags(tags).tag("buffer", Integer.toString(i))
          .strongReference(true).register(registry);
    }
    Gauge.builder(PREFIX + "source.lag", pipeline, Pipeline::sourceLag)
        .description("Records the sources could read and have not").tags(tags).strongReference(true)
        .register(registry);
    FunctionCounter.builder(PREFIX + "backpressured.seconds", pipeline, p -> p.backpressuredNanos() / 1e9)
        .description("Time sources waited for credit").tags(tags).register(registry);
    FunctionCounter.builder(PREFIX + "dropped", pipeline, Pipeline::dropped)
        .description("Records dropped by shedding").tags(tags).register(registry);
    FunctionCounter.builder(PREFIX + "checkpoints", pipeline, Pipeline::checkpointsCompleted)
        .description("Checkpoints").tags(tags).tag("outcome", "completed").register(registry);
    FunctionCounter.builder(PREFIX + "checkpoints", pipeline, Pipeline::checkpointsSkipped)
        .description("Checkpoints").tags(tags).tag("outcome", "skipped").register(registry);
  }
}
