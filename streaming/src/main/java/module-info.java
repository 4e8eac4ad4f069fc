/**
 * caplab's streaming: event-time windows, watermarks, triggers, late data, state TTL, sketches,
 * backpressure, checkpoints and replay are still to be built; the module has no packages yet.
 */
module dev.caplab.streaming {
  requires transitive dev.caplab.core;
  requires transitive dev.caplab.messaging;
}
