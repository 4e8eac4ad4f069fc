package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link TtlState}'s size to a Micrometer registry, tagged {@code name=<name>}: {@code
 * caplab.state.entries} (a gauge: entries stored, expired ones not yet cleaned up included), {@code
 * caplab.state.bytes} (a gauge: the estimate from the state's sizer) and {@code
 * caplab.state.expired.cleaned} (a function counter: entries removed because they had expired).
 * Every meter reads the state when the registry reads it, so accesses pay nothing.
 *
 * <p>Thread-safe to bind; the registry must read the meters on the thread that drives the state
 * (in a simulation, bind to a registry on the simulated clock).
 */
public final class StateMetricsBinder implements MeterBinder {

  /** Prefix of every meter name. */
  public static final String PREFIX = "caplab.state.";

  private final String name;
  private final TtlState state;

  /** A binder for {@code state}, tagged {@code name=<name>}. */
  public StateMetricsBinder(String name, TtlState state) {
    this.name = Require.notNull(name, "name");
    this.state = Require.notNull(state, "state");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    Tags tags = Tags.of("name", name);
    Gauge.builder(PREFIX + "entries", state, TtlState::entries)
        .description("Entries stored, expired ones not yet cleaned up included").tags(tags).strongReference(true)
        .register(registry);
    Gauge.builder(PREFIX + "bytes", state, TtlState::estimatedBytes)
        .description("Estimated bytes of the stored values").baseUnit("bytes").tags(tags).strongReference(true)
        .register(registry);
    FunctionCounter.builder(PREFIX + "expired.cleaned", state, TtlState::expiredCleaned)
        .description("Entries removed because they had expired").tags(tags).register(registry);
  }
}
