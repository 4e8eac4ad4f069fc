package dev.caplab.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that moves only when told to, so tests and embedding code can drive time-based
 * behaviour (expiry, timers, rates) step by step without sleeping.
 *
 * <p>It never goes backwards: every {@link Ticker} consumer assumes a monotonic source, and a
 * backwards step would silently corrupt their durations, so it fails fast instead.
 *
 * <p>Thread-safe: the reading is an {@link AtomicLong}, so one thread may advance it while others
 * (for example a Caffeine cache's maintenance) read it.
 */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos;

  /** Starts at 0, like a simulation's virtual time. */
  public ManualTicker() {
    this(0L);
  }

  /** Starts at {@code startNanos}; any value is allowed, only differences matter. */
  public ManualTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  /**
   * Moves time forward by {@code delta} and returns the new reading.
   *
   * @throws IllegalArgumentException if {@code delta} is negative
   * @throws ArithmeticException if the reading would overflow a {@code long}
   */
  public long advance(Duration delta) {
    Objects.requireNonNull(delta, "delta");
    if (delta.isNegative()) {
      throw new IllegalArgumentException("delta must be >= 0s, got " + Durations.exact(delta));
    }
    return advance(delta.toNanos());
  }

  /**
   * Moves time forward by {@code deltaNanos} and returns the new reading.
   *
   * @throws IllegalArgumentException if {@code deltaNanos} is negative
   * @throws ArithmeticException if the reading would overflow a {@code long}
   */
  public long advance(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("deltaNanos must be >= 0, got " + deltaNanos);
    }
    return nanos.accumulateAndGet(deltaNanos, Math::addExact);
  }

  /**
   * Jumps to the absolute reading {@code newNanos}; setting the current reading again is allowed.
   *
   * @throws IllegalArgumentException if {@code newNanos} is below the current reading
   */
  public void set(long newNanos) {
    long current;
    do {
      current = nanos.get();
      if (newNanos < current) {
        throw new IllegalArgumentException(
            "newNanos must be >= the current reading " + current + " (time never goes backwards), got "
                + newNanos);
      }
    } while (!nanos.compareAndSet(current, newNanos));
  }

  @Override
  public String toString() {
    return "ManualTicker[" + nanos.get() + "ns]";
  }
}
