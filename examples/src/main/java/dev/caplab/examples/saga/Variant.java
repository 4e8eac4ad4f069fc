package dev.caplab.examples.saga;

import dev.caplab.examples.scenario.VariantKey;

/** The three ways the checkout is wired. */
enum Variant implements VariantKey {
  /** An orchestrator reserves and charges, then runs the follow-ups after the point of no return. */
  ORCHESTRATION("orchestration", true),
  /** An orchestrator runs all five steps before the point of no return, as one synchronous chain. */
  ALL_SYNC("allSync", true),
  /** No orchestrator: services react to each other's events on the log. */
  CHOREOGRAPHY("choreography", false);

  private final String key;
  private final boolean orchestrated;

  Variant(String key, boolean orchestrated) {
    this.key = key;
    this.orchestrated = orchestrated;
  }

  @Override
  public String key() {
    return key;
  }

  /** Whether a coordinator runs the saga (else the services' events do). */
  boolean orchestrated() {
    return orchestrated;
  }
}
