package dev.caplab.examples.streaming.telemetrybackpressure;

/**
 * One telemetry reading: its number, the device, its kind ({@link #DEBUG}, {@link #METRIC} or
 * {@link #ALARM}, which is also its shedding priority) and when the device produced it. Immutable.
 */
record Reading(long id, int device, int kind, long producedAtNanos) {
  static final int DEBUG = 0;
  static final int METRIC = 1;
  static final int ALARM = 2;
  static final String[] KIND_NAMES = {"debug", "metric", "alarm"};
}
