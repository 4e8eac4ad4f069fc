package dev.caplab.time;

import io.micrometer.core.instrument.Clock;
import java.util.Objects;

/**
 * Adapters that hand a caplab {@link Ticker} to libraries with their own time abstraction, so a
 * Caffeine cache or a Micrometer registry follows the same time as the primitive around it: real
 * time when embedded, virtual time inside a simulation.
 *
 * <p>Caffeine is an optional dependency: this class never mentions Caffeine's types outside the
 * signature of {@link #caffeine(Ticker)}, whose adapter lives in its own class, so Caffeine is
 * loaded only when that method is called and the rest works without it on the classpath.
 *
 * <p>Thread-safe: stateless; each adapter is as thread-safe as the ticker it wraps.
 */
public final class Tickers {

  private Tickers() {}

  /**
   * A Caffeine ticker reading {@code ticker}, for {@code Caffeine.newBuilder().ticker(...)}, so
   * expiry and refresh happen on the caller's time. Caffeine reads it from its own threads, so the
   * ticker must be thread-safe ({@link Ticker#system()} and {@link ManualTicker} are).
   *
   * @throws NoClassDefFoundError if Caffeine is not on the classpath
   */
  public static com.github.benmanes.caffeine.cache.Ticker caffeine(Ticker ticker) {
    return CaffeineTicker.adapt(Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * A Micrometer clock reading {@code ticker}, so timers and rates measure the caller's time.
   *
   * <p>For {@link Ticker#system()} this is {@link Clock#SYSTEM} itself: embedded meters should carry
   * real wall time. For any other ticker the wall time is the ticker reading in milliseconds (a
   * virtual epoch at 0), because a simulation's registry must not mix in the host's clock: its step
   * boundaries and timestamps then follow simulated time and repeat from run to run.
   */
  public static Clock micrometerClock(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    if (ticker == Ticker.system()) {
      return Clock.SYSTEM;
    }
    return new TickerClock(ticker);
  }

  /** Micrometer's view of a non-system ticker; thread-safe when the ticker is. */
  private record TickerClock(Ticker ticker) implements Clock {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    @Override
    public long wallTime() {
      return Math.floorDiv(ticker.nanos(), NANOS_PER_MILLI);
    }

    @Override
    public long monotonicTime() {
      return ticker.nanos();
    }
  }
}
