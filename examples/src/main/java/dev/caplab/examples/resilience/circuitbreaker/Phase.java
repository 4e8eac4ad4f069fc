package dev.caplab.examples.resilience.circuitbreaker;

import java.time.Duration;

/**
 * The four stretches of the run, set by what the recommendations backend does: healthy, slow
 * (every answer takes {@link CircuitBreakerScenario#SLOW_SERVICE_TIME}, longer than the caller's
 * timeout), failing (it answers every request at once with an error) and recovered. A backend
 * picks its behaviour by the phase in which a request reaches it; the tables count a user request
 * in the phase in which it arrived.
 */
enum Phase {
  HEALTHY("healthy", Duration.ZERO),
  SLOW("slow", CircuitBreakerScenario.SLOW_AT),
  FAILING("failing", CircuitBreakerScenario.FAIL_AT),
  RECOVERED("recovered", CircuitBreakerScenario.RECOVER_AT);

  private final String label;
  private final Duration start;

  Phase(String label, Duration start) {
    this.label = label;
    this.start = start;
  }

  String label() {
    return label;
  }

  long startNanos() {
    return start.toNanos();
  }

  /** The phase that {@code nanos} of simulated time falls in. */
  static Phase at(long nanos) {
    Phase[] all = values();
    for (int i = all.length - 1; i > 0; i--) {
      if (nanos >= all[i].startNanos()) {
        return all[i];
      }
    }
    return HEALTHY;
  }
}
