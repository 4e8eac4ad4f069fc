/**
 * caplab's streaming: keyed event-time windows (tumbling, sliding, session) with triggers, allowed
 * lateness and a late-data side output ({@code dev.caplab.streaming.window}), watermark
 * generators with idleness and the minimum across inputs ({@code dev.caplab.streaming.watermark}),
 * sketch aggregations for windows (distinct counts, percentiles: {@code dev.caplab.streaming.sketch})
 * and keyed state with a time-to-live ({@code dev.caplab.streaming.state}).
 * Each takes processing time from a {@code dev.caplab.time.Ticker} and starts no thread, so it runs
 * embedded or in a simulation.
 */
module dev.caplab.streaming {
  requires transitive dev.caplab.core;
  requires transitive dev.caplab.messaging;
  requires datasketches.java; // no module name of its own: named after its jar

  exports dev.caplab.streaming.pipeline;
  exports dev.caplab.streaming.window;
  exports dev.caplab.streaming.watermark;
  exports dev.caplab.streaming.sketch;
  exports dev.caplab.streaming.state;
}
