package dev.caplab.sim.internal;

import dev.caplab.node.Timer;

/** A node {@link Timer} on the simulator's event queue. Not thread-safe: the simulation thread. */
final class SimTimer implements Timer {

  private final Runnable action;
  private boolean cancelled;
  private boolean fired;

  SimTimer(Runnable action) {
    this.action = action;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean hasFired() {
    return fired;
  }

  void fire() {
    if (!cancelled && !fired) {
      fired = true;
      action.run();
    }
  }
}
