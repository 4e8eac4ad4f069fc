package dev.caplab.examples;

import dev.caplab.examples.broadcast.BroadcastPartition;
import dev.caplab.examples.celebrity.CelebrityHotKey;
import dev.caplab.examples.conflict.LikeCounter;
import dev.caplab.examples.conflict.ShoppingCart;
import dev.caplab.examples.messaging.poisonpill.PoisonPill;
import dev.caplab.examples.messaging.primeday.PrimeDayOrders;
import dev.caplab.examples.quorumtour.QuorumTour;
import dev.caplab.examples.register.RegisterPartition;
import dev.caplab.examples.resilience.circuitbreaker.CircuitBreakerScenario;
import dev.caplab.examples.resilience.distributedmonolith.DistributedMonolith;
import dev.caplab.examples.resilience.telemetryflood.TelemetryFlood;
import dev.caplab.examples.streaming.telemetrybackpressure.TelemetryBackpressure;
import dev.caplab.examples.resilience.thunderingherd.ThunderingHerd;
import dev.caplab.examples.saga.CheckoutSaga;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.streaming.realtimebilling.RealtimeBilling;
import dev.caplab.examples.streaming.teamscores.TeamScores;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scenarios that ship with caplab, by name, in the order {@code caplab scenarios} lists them
 * (teaching order). It lives outside the scenario kit, which knows no scenario. A new scenario is
 * one class plus one line in {@link #builtIn()}.
 *
 * <p>Immutable once built and thread-safe.
 */
public final class ScenarioCatalog {

  private final Map<String, Scenario> byName;

  private ScenarioCatalog(Map<String, Scenario> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Every scenario that ships with caplab, in teaching order. */
  public static ScenarioCatalog builtIn() {
    return of(
        new BroadcastPartition(),
        new RegisterPartition(),
        new ShoppingCart(),
        new LikeCounter(),
        new QuorumTour(),
        new ThunderingHerd(),
        new CircuitBreakerScenario(),
        new DistributedMonolith(),
        new TelemetryFlood(),
        new TeamScores(),
        new RealtimeBilling(),
        new PoisonPill(),
        new PrimeDayOrders(),
        new CheckoutSaga(),
        new TelemetryBackpressure(),
        new CelebrityHotKey());
  }

  /** A catalog of exactly these scenarios; names must be unique. */
  public static ScenarioCatalog of(Scenario... scenarios) {
    Map<String, Scenario> byName = new LinkedHashMap<>();
    for (Scenario s : scenarios) {
      Objects.requireNonNull(s, "scenario");
      Scenario clash = byName.putIfAbsent(s.name(), s);
      if (clash != null) {
        throw new IllegalArgumentException("scenario names must be unique, '" + s.name() + "' is used by "
            + clash.getClass().getName() + " and " + s.getClass().getName());
      }
    }
    return new ScenarioCatalog(byName);
  }

  /** All scenarios, in catalog order. */
  public Collection<Scenario> all() {
    return byName.values();
  }

  /** The scenarios' names, in catalog order. */
  public java.util.List<String> names() {
    return java.util.List.copyOf(byName.keySet());
  }

  /** Whether a scenario is called {@code name}. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The scenario called {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown scenario, the closest known name, and all of them
   */
  public Scenario get(String name) {
    Scenario s = byName.get(name);
    if (s == null) {
      throw unknown(name, byName.keySet());
    }
    return s;
  }

  /** The error for an unknown scenario name: the closest known name, if one is close, and all of them. */
  public static IllegalArgumentException unknown(String name, Collection<String> known) {
    return new IllegalArgumentException("unknown scenario '" + name + "'" + suggestion(name, known) + "; known: "
        + String.join(", ", known));
  }

  /** "; did you mean X?" for the closest name within a third of the name's length, else "". */
  private static String suggestion(String name, Collection<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : names) {
      int d = distance(name, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, best.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
