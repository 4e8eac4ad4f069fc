package dev.caplab.examples.resilience.circuitbreaker;

/** How the web service answered one user request. Only {@link #OK} counts as a success. */
enum Answer {
  /** The backend answered in time. */
  OK("ok"),
  /** The backend did not answer within the time limiter's timeout. */
  TIMEOUT("timeout"),
  /** The backend answered with an error. */
  ERROR("error"),
  /** Every request slot of the web service was busy: turned away at once. */
  NO_SLOT("no slot"),
  /** The open circuit breaker refused the call: answered at once with a fallback. */
  FALLBACK("fallback");

  private final String label;

  Answer(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
