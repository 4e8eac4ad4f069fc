package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.scenario.VariantKey;

import java.util.List;

/** The two ways the checkout is wired to the four services. */
enum Design implements VariantKey {
  /** Call all four, one after the other, and succeed only if all do. */
  SYNC4("sync4", List.of(), "calls all 4 services in turn"),
  /** Call the two the answer depends on; publish events for the other two. */
  SYNC2ASYNC2("sync2async2", List.of(DistributedMonolith.SHIPPING, DistributedMonolith.EMAIL),
      "calls 2, publishes events for 2");

  private final String key;
  private final List<String> deferred;
  private final String description;

  Design(String key, List<String> deferred, String description) {
    this.key = key;
    this.deferred = deferred;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  String description() {
    return description;
  }

  /** The services the checkout leaves to events. */
  List<String> deferred() {
    return deferred;
  }

  /** The services the checkout calls while the customer waits, in order. */
  List<String> synchronous() {
    return DistributedMonolith.SERVICES.stream().filter(s -> !deferred.contains(s)).toList();
  }
}
