package dev.caplab.node;

/**
 * A scheduled node action that can be cancelled before it fires. A crash cancels every timer of
 * the crashed node. Not thread-safe: used on the node's thread.
 */
public final class Timer {

  private final Runnable action;
  private boolean cancelled;
  private boolean fired;

  Timer(Runnable action) {
    this.action = action;
  }

  /** Stops the action from running if it has not run yet. */
  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Whether the action has run. */
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
