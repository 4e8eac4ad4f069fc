/**
 * The {@code team-scores} scenario: a mobile game's scores, some from phones that were offline,
 * summed per team in event-time windows under a perfect and a heuristic watermark, with early,
 * on-time and late panes, accumulating and discarding, and per-user sessions, each compared with
 * the batch answer over the complete data.
 */
package dev.caplab.examples.streaming.teamscores;
