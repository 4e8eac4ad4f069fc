package dev.caplab.streaming.window;

import dev.caplab.config.Require;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link WindowedAggregator}'s meters to a Micrometer registry, tagged {@code
 * name=<name>}: state size ({@code caplab.window.open.windows}, {@code caplab.window.active.keys}
 * gauges), {@code caplab.window.panes} (a function counter), {@code caplab.window.late.elements}
 * (function counters tagged {@code outcome=side_output|dropped}) and {@code caplab.window.watermark}
 * (a gauge, ms of event time; {@code Long.MIN_VALUE} before the first watermark, as a double).
 * Every meter reads the aggregator when the registry reads it, so the hot path pays nothing.
 *
 * <p>Thread-safe to bind; the registry must read the meters on the thread that drives the
 * aggregator (in a simulation, bind to a registry on the simulated clock).
 */
public final class WindowMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.window.";

  private final String name;
  private final WindowedAggregator<?, ?, ?> aggregator;

  /** A binder for {@code aggregator}, tagged {@code name=<name>}. */
  public WindowMetricsBinder(String name, WindowedAggregator<?, ?, ?> aggregator) {
    this.name = Require.notNull(name, "name");
    this.aggregator = Require.notNull(aggregator, "aggregator");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    Tags tags = Tags.of("name", name);
    Gauge.builder(PREFIX + "open.windows", aggregator, WindowedAggregator::openWindows)
        .description("Windows holding state, over all keys").tags(tags).strongReference(true).register(registry);
    Gauge.builder(PREFIX + "active.keys", aggregator, WindowedAggregator::activeKeys)
        .description("Keys with at least one open window").tags(tags).strongReference(true).register(registry);
    Gauge.builder(PREFIX + "watermark", aggregator, WindowedAggregator::currentWatermark)
        .description("The current watermark, ms of event time").tags(tags).strongReference(true)
        .register(registry);
    FunctionCounter.builder(PREFIX + "panes", aggregator, WindowedAggregator::panesEmitted)
        .description("Panes emitted").tags(tags).register(registry);
    FunctionCounter.builder(PREFIX + "late.elements", aggregator, WindowedAggregator::lateElementsSideOutput)
        .description("Elements too late for every window").tags(tags).tag("outcome", "side_output")
        .register(registry);
    FunctionCounter.builder(PREFIX + "late.elements", aggregator, WindowedAggregator::lateElementsDropped)
        .description("Elements too late for every window").tags(tags).tag("outcome", "dropped")
        .register(registry);
  }
}
