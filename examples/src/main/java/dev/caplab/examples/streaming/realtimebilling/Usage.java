package dev.caplab.examples.streaming.realtimebilling;

/**
 * One metered request: {@code calls} API calls by {@code customer} made at {@code eventMillis} and
 * reaching the billing log at {@code arrivalMillis} (later when the device was offline).
 */
record Usage(String customer, long calls, long eventMillis, long arrivalMillis) {

  /** How long the usage took to reach the log. */
  long delayMillis() {
    return arrivalMillis - eventMillis;
  }
}
