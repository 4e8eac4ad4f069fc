package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.scenario.VariantKey;

import dev.caplab.messaging.resilience.Backoff;
import java.time.Duration;

/**
 * The backoff strategies compared on the contended row: Marc Brooker's four from "Exponential
 * Backoff and Jitter", plus full jitter under a retry budget.
 */
enum Strategy implements VariantKey {
  NONE("none", "no jitter: base * 2^n", false),
  FULL("full", "full jitter: random(0, base * 2^n)", false),
  EQUAL("equal", "equal jitter: half fixed, half random", false),
  DECORRELATED("decorrelated", "decorrelated: random(base, 3 * previous)", false),
  FULL_BUDGET("fullBudget", "full jitter + shared retry budget", true);

  private final String key;
  private final String description;
  private final boolean budget;

  Strategy(String key, String description, boolean budget) {
    this.key = key;
    this.description = description;
    this.budget = budget;
  }

  /** The name in the JSON metrics and the tables. */
  @Override
  public String key() {
    return key;
  }

  String description() {
    return description;
  }

  /** Whether retries draw from a retry budget. */
  boolean budgeted() {
    return budget;
  }

  Backoff backoff(Duration base, Duration cap) {
    return switch (this) {
      case NONE -> Backoff.noJitter(base, cap);
      case FULL, FULL_BUDGET -> Backoff.fullJitter(base, cap);
      case EQUAL -> Backoff.equalJitter(base, cap);
      case DECORRELATED -> Backoff.decorrelatedJitter(base, cap);
    };
  }
}
