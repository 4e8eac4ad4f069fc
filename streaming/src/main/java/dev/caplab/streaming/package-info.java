/**
 * Stream-processing miniatures (not built yet): event-time windows, watermarks, triggers,
 * allowed lateness with a late-data side output, state TTL, sketches, backpressure, and
 * checkpoint with replay.
 */
package dev.caplab.streaming;
