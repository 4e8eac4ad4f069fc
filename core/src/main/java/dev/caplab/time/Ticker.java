package dev.caplab.time;

/**
 * The only source of time for caplab primitives: a monotonic nanosecond counter.
 *
 * <p>Primitives take a {@code Ticker} instead of reading the clock themselves, so the same code
 * runs embedded on real time ({@link #system()}) and inside a simulation on virtual time
 * ({@code simulation.ticker()}), where the simulator advances it. Values are only meaningful as
 * differences between two readings of the same ticker.
 *
 * <p>Implementations must be safe to read from the threads that use the primitive they are given
 * to; {@link #system()} is thread-safe, a simulation's ticker is read on the simulation thread.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the current reading in nanoseconds. */
  long nanos();

  /** A ticker on {@link System#nanoTime()}: real, monotonic time for embedded use. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
