package dev.caplab.examples.scenario;

import dev.caplab.examples.conflict.LikeCounter;
import dev.caplab.examples.conflict.ShoppingCart;
import dev.caplab.examples.quorumtour.QuorumTour;
import dev.caplab.examples.register.RegisterPartition;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scenarios the command line knows, by name, in the order {@code caplab scenarios} lists them.
 * A new scenario is one class plus one line in {@link #builtIn()}.
 *
 * <p>Immutable once built and thread-safe.
 */
public final class Scenarios {

  private final Map<String, LegacyScenario> byName;

  private Scenarios(Map<String, LegacyScenario> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Every scenario that ships with caplab, in teaching order. */
  public static Scenarios builtIn() {
    return of(
        new RegisterPartition(),
        new ShoppingCart(),
        new LikeCounter(),
        new QuorumTour());
  }

  /** A registry of exactly these scenarios; names must be unique. */
  public static Scenarios of(LegacyScenario... scenarios) {
    Map<String, LegacyScenario> byName = new LinkedHashMap<>();
    for (LegacyScenario s : scenarios) {
      Objects.requireNonNull(s, "scenario");
      LegacyScenario clash = byName.putIfAbsent(s.name(), s);
      if (clash != null) {
        throw new IllegalArgumentException("scenario names must be unique, '" + s.name() + "' is used by "
            + clash.getClass().getName() + " and " + s.getClass().getName());
      }
    }
    return new Scenarios(byName);
  }

  /** All scenarios, in registration order. */
  public Collection<LegacyScenario> all() {
    return byName.values();
  }

  /**
   * The scenario called {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown scenario and listing the known ones
   */
  public LegacyScenario get(String name) {
    LegacyScenario s = byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown scenario '" + name + "'; known: " + String.join(", ", byName.keySet()));
    }
    return s;
  }
}
