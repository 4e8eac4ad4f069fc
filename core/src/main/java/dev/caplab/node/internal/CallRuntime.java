package dev.caplab.node.internal;

import dev.caplab.net.NodeId;

/**
 * What a runtime gives {@link PendingCalls}: its clock, a way to send requests, and timers. The
 * simulator implements it on its event queue; a real-network runtime would on its event loop.
 *
 * <p>Called on the node's thread only.
 */
public interface CallRuntime {

  /** The runtime's time in nanoseconds. */
  long now();

  /** Sends {@code request} to {@code to} as a request awaiting a reply, and returns its id. */
  long sendRequest(NodeId to, Object request);

  /**
   * Calls {@link PendingCalls#timeout(dev.caplab.node.Call)} with {@code call} after {@code
   * delayNanos}, unless the node stops first.
   */
  void scheduleCallTimeout(long delayNanos, dev.caplab.node.Call call);

  /** Calls {@link PendingCalls#expireDeadlines()} at {@code atNanos}, unless the node stops first. */
  void wakeAt(long atNanos);

  /** Tells the runtime (its trace) that the call whose first request had {@code id} timed out. */
  void onCallTimeout(long id);
}
