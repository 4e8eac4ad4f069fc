package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.scenario.VariantKey;

import dev.caplab.messaging.resilience.Backoff;
import java.time.Duration;

/** How the clients of the recovering service retry. */
enum RecoveryPolicy implements VariantKey {
  SYNCHRONIZED("synchronized", "no jitter"),
  JITTERED("jittered", "full jitter"),
  BUDGET("budget", "full jitter + a retry budget per client");

  private final String key;
  private final String description;

  RecoveryPolicy(String key, String description) {
    this.key = key;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  String description() {
    return description;
  }

  boolean budgeted() {
    return this == BUDGET;
  }

  Backoff backoff(Duration base, Duration cap) {
    return this == SYNCHRONIZED ? Backoff.noJitter(base, cap) : Backoff.fullJitter(base, cap);
  }
}
