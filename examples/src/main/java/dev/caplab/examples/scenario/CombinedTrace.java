package dev.caplab.examples.scenario;

import dev.caplab.sim.Simulation;
import java.util.Locale;
import java.util.Objects;

/**
 * The trace hash and simulated time of a scenario that compares several designs by running each
 * one in its own simulation from the same seed (so that every design meets the same seed-derived
 * workload and none perturbs another's random streams).
 *
 * <p>The combined hash folds the runs' trace hashes in the order they were added through a
 * SplitMix64 step, so it changes when any run changes or when the runs come in another order.
 * The simulated time is the sum of the runs' virtual times.
 *
 * <p>Not thread-safe: add the runs on one thread.
 */
public final class CombinedTrace {

  private static final long START = 0x9E3779B97F4A7C15L;

  private long hash = START;
  private long simulatedNanos;
  private int runs;

  /** Adds a finished simulation. */
  public CombinedTrace add(Simulation simulation) {
    Objects.requireNonNull(simulation, "simulation");
    long h = hash ^ simulation.trace().hash();
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    hash = h ^ (h >>> 31);
    simulatedNanos += simulation.now();
    runs++;
    return this;
  }

  /** The combined hash as 16 lower-case hex digits, the form {@link ScenarioResult} requires. */
  public String hashHex() {
    if (runs == 0) {
      throw new IllegalStateException("no simulation was added: a combined trace needs at least one run");
    }
    return String.format(Locale.ROOT, "%016x", hash);
  }

  /** Total virtual time of the runs, in nanoseconds. */
  public long simulatedNanos() {
    return simulatedNanos;
  }

  /** How many simulations were added. */
  public int runs() {
    return runs;
  }
}
