/**
 * caplab's streaming: keyed event-time windows (tumbling, sliding, session) with triggers, allowed
 * lateness and a late-data side output ({@code dev.caplab.streaming.window}), and watermark
 * generators with idleness and the minimum across inputs ({@code dev.caplab.streaming.watermark}).
 * Each takes processing time from a {@code dev.caplab.time.Ticker} and starts no thread, so it runs
 * embedded or in a simulation.
 */
module dev.caplab.streaming {
  requires transitive dev.caplab.core;
  requires transitive dev.caplab.messaging;

  exports dev.caplab.streaming.pipeline;
  exports dev.caplab.streaming.window;
  exports dev.caplab.streaming.watermark;
}
