package dev.caplab.examples.scenario;

import java.util.List;

/**
 * One runnable story about a distributed system: a topology, a workload and a fault timeline
 * whose only free input is the seed, so that {@code caplab run NAME --seed N} always tells the
 * same story and a learner can reproduce exactly what they saw. A scenario builds its system on
 * the simulations its {@link ScenarioRun} gives it and fills the run's report with what it
 * measured: prose computed from the numbers, tables, distributions, checks; the {@link
 * ScenarioRunner} adds the header, the trace hash and the command that reproduces it.
 *
 * <p>A scenario must be deterministic: everything it does comes from the run's simulations (no
 * wall clock, threads or {@code Math.random}), and faults come only through fault plans and the
 * nemesis, so every run has one fault timeline. Implementations are stateless and thread-safe.
 */
public interface Scenario {

  /** The name on the command line: lower-case words joined by hyphens. */
  String name();

  /** What the scenario shows, in one line for {@code caplab scenarios}. */
  String description();

  /** The question the run answers, in plain words, for the report's header. */
  String question();

  /**
   * The designs the scenario compares, each run on a simulation of its own from the same seed
   * (e.g. {@code none, full, equal, decorrelated}); empty when it runs one design.
   */
  default List<String> variants() {
    return List.of();
  }

  /** Whether the run records a client history, which {@code caplab run NAME --history FILE} writes. */
  default boolean recordsHistory() {
    return false;
  }

  /**
   * The part of the run the report's space-time diagram shows, or null for no diagram. The runner
   * journals that window of that variant's simulation; the scenario draws it with {@link
   * ScenarioRun#diagram}.
   */
  default DiagramWindow diagram() {
    return null;
  }

  /** Runs the scenario: builds its system on {@code run}'s simulations and fills its report. */
  void run(ScenarioRun run);
}
