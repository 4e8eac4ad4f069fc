package dev.caplab.net;

/**
 * Observes messages as they reach their handler, for measurements that need message-level timing
 * (the PBS experiment's per-trial visibility windows) without changing what is delivered. Dropped
 * messages are not reported.
 *
 * <p>Called on the simulation thread, just before the destination's handler runs. A listener
 * must only record: sending, scheduling or throwing from it is not supported.
 */
@FunctionalInterface
public interface DeliveryListener {

  /**
   * One message reached its handler.
   *
   * @param envelope the message
   * @param now the simulated time of delivery, in nanoseconds
   */
  void delivered(Envelope envelope, long now);
}
