package dev.caplab.sim.internal;

/**
 * Receives the events a runtime component scheduled through {@link EventLoop#schedule(long, int,
 * int, long, Object)}. This is the service-provider side of the simulator, used by the network
 * and the node runtime so that their events need no per-event wrapper object; user code schedules
 * plain actions with {@link dev.caplab.sim.Simulation#schedule(java.time.Duration, Runnable)} instead.
 *
 * <p>Called on the simulation thread only.
 */
@FunctionalInterface
public interface EventSink {

  /**
   * Handles one event at the simulation's current time.
   *
   * @param kind the kind given when scheduling (0..255)
   * @param aux the auxiliary value given when scheduling
   * @param payload the payload given when scheduling
   */
  void onEvent(int kind, long aux, Object payload);
}
