package dev.caplab.examples.resilience.circuitbreaker;

/** The two designs the scenario compares on the same requests. */
enum Variant {
  NO_BREAKER("noBreaker", "nobreaker", "without a breaker"),
  BREAKER("breaker", "breaker", "with a breaker");

  private final String key;
  private final String nodePrefix;
  private final String label;

  Variant(String key, String nodePrefix, String label) {
    this.key = key;
    this.nodePrefix = nodePrefix;
    this.label = label;
  }

  /** The key in the JSON metrics. */
  String key() {
    return key;
  }

  /** The variant's node called {@code role}: both variants share one cluster. */
  String node(String role) {
    return nodePrefix + "-" + role;
  }

  /** How the summary names the variant. */
  String label() {
    return label;
  }
}
