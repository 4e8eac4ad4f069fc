package dev.caplab.messaging.resilience;

import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the event-driven forms of the primitives schedule their timers (a bulkhead waiter's
 * deadline, a time limiter's timeout). The primitives never start threads (design section 2): a
 * node passes {@link #of(NodeContext)}, a simulation test {@link #of(Simulation)}, embedded code a
 * {@link ScheduledExecutorService} it owns.
 *
 * <p>Implementations must run actions on the thread the primitive expects: a node's handler
 * thread in a simulation, any thread when embedded (the primitives lock their own state).
 */
@FunctionalInterface
public interface Scheduler {

  /** Runs {@code action} after {@code delayNanos} (>= 0) unless cancelled first. */
  Cancellable schedule(long delayNanos, Runnable action);

  /** A scheduled action that may still be cancelled; cancelling a fired action does nothing. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** Timers on a node: they follow the node's virtual time and die with it on a crash. */
  static Scheduler of(NodeContext ctx) {
    Checks.notNull(ctx, "ctx");
    return (delayNanos, action) -> ctx.schedule(Duration.ofNanos(delayNanos), action)::cancel;
  }

  /** Timers on the simulation's event queue; cancellation skips the action when it fires. */
  static Scheduler of(Simulation simulation) {
    Checks.notNull(simulation, "simulation");
    return (delayNanos, action) -> {
      boolean[] cancelled = new boolean[1];
      simulation.schedule(delayNanos, () -> {
        if (!cancelled[0]) {
          action.run();
        }
      });
      return () -> cancelled[0] = true;
    };
  }

  /** Real time: timers on an executor the caller owns (and shuts down). */
  static Scheduler of(ScheduledExecutorService executor) {
    Checks.notNull(executor, "executor");
    return (delayNanos, action) -> {
      ScheduledFuture<?> f = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
