package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.scenario.VariantKey;

/** How the ingest server protects itself from the flood. */
enum Strategy implements VariantKey {
  SHED_429("shed429", "load shedding: 429 + Retry-After"),
  BOUNDED_QUEUE("boundedQueue", "bounded inbox, refuse the overflow"),
  UNBOUNDED("unbounded", "no bound, until memory runs out");

  private final String key;
  private final String description;

  Strategy(String key, String description) {
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
}
