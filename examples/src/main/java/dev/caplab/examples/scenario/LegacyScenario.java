package dev.caplab.examples.scenario;

/**
 * One runnable story about a distributed system: a fixed cluster, workload and fault timeline
 * whose only free input is the seed, so that {@code caplab run NAME --seed N} always tells the
 * same story and a learner can reproduce exactly what they saw.
 *
 * <p>A scenario must be deterministic: everything it does comes from a {@code Simulation} built
 * from {@code seed} (no wall clock, threads or {@code Math.random}). Implementations are
 * stateless and thread-safe; each {@link #run} builds its own simulation.
 */
public interface LegacyScenario {

  /** The name on the command line: lower-case words joined by hyphens. */
  String name();

  /** What the scenario shows, in one line for {@code caplab scenarios}. */
  String description();

  /**
   * Whether {@link #run} records a client history ({@link ScenarioResult#history()} non-null),
   * which {@code caplab run NAME --history FILE} writes. Default: no.
   */
  default boolean recordsHistory() {
    return false;
  }

  /** Runs the scenario to its end with this master seed. */
  ScenarioResult run(long seed);
}
