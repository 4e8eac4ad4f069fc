package dev.caplab.time;

import java.util.Objects;

/**
 * How a synchronous, embedded call waits: between retries or for a rate-limiter permit.
 *
 * <p>Primitives never sleep by themselves: the caller passes the sleeper. {@link #threadSleep()}
 * blocks the calling thread on real time and is only for embedded, real-time use; tests pass
 * {@link #advancing(ManualTicker)}, and simulations do not use synchronous APIs at all (they use
 * the event-driven ones, which say how long to wait).
 *
 * <p>Implementations must be safe to call from every thread that runs decorated calls.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code nanos} (never negative; 0 returns at once). */
  void sleep(long nanos) throws InterruptedException;

  /**
   * Real time only: blocks the calling thread with {@link Thread#sleep(long, int)}. Never use it
   * inside a simulation (it would block the simulation thread on the host's clock).
   */
  static Sleeper threadSleep() {
    return nanos -> {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      }
    };
  }

  /** Advances {@code ticker} instead of waiting: for tests and single-threaded embedding. */
  static Sleeper advancing(ManualTicker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    return ticker::advance;
  }
}
