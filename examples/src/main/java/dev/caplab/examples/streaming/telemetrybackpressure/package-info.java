/**
 * The {@code telemetry-backpressure} scenario: a 50x telemetry spike through a streaming pipeline
 * with backpressure, load shedding or unbounded buffers.
 */
package dev.caplab.examples.streaming.telemetrybackpressure;
