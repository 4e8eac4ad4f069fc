package dev.caplab.node;

import dev.caplab.time.Scheduler;

/**
 * A scheduled node action that can be cancelled before it fires. A crash cancels every timer of
 * the crashed node. Made by {@link NodeContext#schedule}. Not thread-safe: used on the node's
 * thread.
 */
public interface Timer extends Scheduler.Cancellable {

  /** Stops the action from running if it has not run yet. */
  @Override
  void cancel();

  /** Whether {@link #cancel()} was called. */
  boolean isCancelled();

  /** Whether the action has run. */
  boolean hasFired();
}
