package dev.caplab.examples.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A design a scenario compares (usually an enum constant), named by its key on the command line, in
 * the report's header and in the JSON's metrics; a scenario's {@link Scenario#variants()} lists the
 * keys with {@link #keysOf}.
 */
public interface VariantKey {

  /** The name of this design in the report: lower camel case, e.g. {@code fullBudget}. */
  String key();

  /** The keys of the given designs, group after group, each in its declared order. */
  static List<String> keysOf(VariantKey[]... groups) {
    List<String> keys = new ArrayList<>();
    for (VariantKey[] group : groups) {
      for (VariantKey v : group) {
        keys.add(v.key());
      }
    }
    return List.copyOf(keys);
  }
}
