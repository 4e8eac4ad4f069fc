package dev.caplab.metrics;

import dev.caplab.time.Ticker;
import dev.caplab.time.Tickers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Creates the Micrometer registry that primitives bind their meters to inside a simulation. Its
 * clock reads the given ticker, so {@code Timer.start(registry)} and rates measure
 * simulated time and repeat exactly from run to run, instead of the host's clock, which would make
 * a simulated 5 ms call look instantaneous. Its timers are {@link RecordingTimer}s, which keep
 * every duration, so per-node latencies can be merged into exact percentiles.
 *
 * <p>Thread-safe: stateless. The registries it creates are Micrometer's {@code SimpleMeterRegistry},
 * which is thread-safe, though in a simulation they are used from the simulation thread only.
 */
public final class SimulatedMeterRegistry {

  private SimulatedMeterRegistry() {}

  /**
   * A fresh in-memory registry ({@link SimpleConfig#DEFAULT}: cumulative meters) on {@code
   * ticker}'s time; with {@link Ticker#system()} it is an ordinary real-time registry.
   */
  public static MeterRegistry create(Ticker ticker) {
    return new Registry(Tickers.micrometerClock(ticker));
  }

  /** A {@link SimpleMeterRegistry} whose timers keep their durations. */
  private static final class Registry extends SimpleMeterRegistry {
    Registry(io.micrometer.core.instrument.Clock clock) {
      super(SimpleConfig.DEFAULT, clock);
    }

    @Override
    protected Timer newTimer(Timer.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      return new RecordingTimer(id, clock, config, getBaseTimeUnit());
    }
  }
}
