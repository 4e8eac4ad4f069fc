package dev.caplab.examples.resilience.telemetryflood;

/** The telemetry protocol: a device sends a reading, the server acknowledges or sheds it. */
sealed interface TelemetryMessage {

  /** Reading number {@code seq} of {@code device}, taken at {@code createdAt}. */
  record Reading(int device, int seq, long createdAt) implements TelemetryMessage {}

  /** The reading is stored. */
  record Ack(int seq) implements TelemetryMessage {}

  /** HTTP 429: not now, come back after {@code retryAfterNanos}. */
  record TooManyRequests(int seq, long retryAfterNanos) implements TelemetryMessage {}
}
