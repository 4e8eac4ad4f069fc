package dev.caplab.node;

import dev.caplab.net.Envelope;

/**
 * User code that runs on one simulated (or real) node.
 *
 * <p>The contract, which keeps runs reproducible: handlers are deterministic functions of the
 * node's state, the message and what the {@link NodeContext} gives (its time, its random stream,
 * its storage); they never block, sleep, start threads or read the wall clock; they finish
 * quickly and express waiting with {@link NodeContext#schedule} or {@link NodeContext#call}.
 * Handlers of one node never run concurrently, so a node needs no locks.
 *
 * <p>A node's fields are its volatile state: a crash loses them, and a restart builds a fresh
 * instance from the factory, which must recover from {@link NodeContext#storage()}.
 */
public interface Node {

  /** Called once when the node starts (and again after each restart, on the new instance). */
  default void onStart(NodeContext ctx) {}

  /**
   * Called for each message that reaches the node, except replies that complete a pending
   * {@link NodeContext#call}: those go to the call's callbacks. A reply that arrives after its
   * call timed out comes here, so a coordinator can still use it.
   */
  void onMessage(NodeContext ctx, Envelope envelope);
}
