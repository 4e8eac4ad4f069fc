/**
 * Stream processing: event-time windows, triggers and late data in {@code
 * dev.caplab.streaming.window}, watermarks in {@code dev.caplab.streaming.watermark}.
 */
package dev.caplab.streaming;
