/**
 * Keyed event-time windows with Apache Flink's semantics: {@link
 * dev.caplab.streaming.window.WindowAssigner assigners} (tumbling, sliding, session), {@link
 * dev.caplab.streaming.window.Trigger triggers} with accumulating or discarding panes, early
 * firings, allowed lateness and a late-data side output, in one {@link
 * dev.caplab.streaming.window.WindowedAggregator}.
 */
package dev.caplab.streaming.window;
