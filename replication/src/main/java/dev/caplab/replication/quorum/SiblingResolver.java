package dev.caplab.replication.quorum;

import java.util.Collections;
import java.util.List;

/** Merges concurrent siblings into one value at read time (application logic, Riak style). */
@FunctionalInterface
public interface SiblingResolver {

  /** One value from the concurrent {@code siblings} of {@code key} (at least two). */
  String resolve(String key, List<String> siblings);

  /** Picks the greatest value by string order: deterministic, but it still drops the others. */
  static SiblingResolver maxValue() {
    return (key, siblings) -> Collections.max(siblings);
  }
}
