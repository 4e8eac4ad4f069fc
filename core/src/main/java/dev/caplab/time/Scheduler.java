package dev.caplab.time;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where event-driven code schedules its timers (a bulkhead waiter's deadline, a time limiter's
 * timeout, a window's end). Primitives never start threads: a node passes {@code
 * ctx.scheduler()}, a simulation test {@code simulation.scheduler()}, embedded code a {@link
 * ScheduledExecutorService} it owns through {@link #of(ScheduledExecutorService)}.
 *
 * <p>Implementations must run actions on the thread the caller expects: a node's handler thread
 * in a simulation, any thread when embedded (the primitives lock their own state).
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Runs {@code action} after {@code delayNanos} (>= 0) unless cancelled first.
   */
  Cancellable schedule(long delayNanos, Runnable action);

  /** A scheduled action that may still be cancelled; cancelling a fired action does nothing. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** Real time: timers on an executor the caller owns (and shuts down). */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (delayNanos, action) -> {
      ScheduledFuture<?> f = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
