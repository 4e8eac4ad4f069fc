package dev.caplab.examples.scenario;

import dev.caplab.report.Header;
import dev.caplab.report.Report;
import dev.caplab.sim.Simulation;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a scenario and turns what it filled into a {@link Report}: the header (scenario, question,
 * variants, seed, trace hash, simulated time, the command that reproduces it) around the body,
 * metrics and checks. The trace hash is the simulation's when the scenario ran one; with several
 * (one per variant) it folds their hashes in the order they were made, so it changes when any run
 * changes or the runs come in another order; the simulated time is their sum.
 *
 * <p>Thread-safe: stateless; each call runs its own simulations.
 */
public final class ScenarioRunner {

  private static final long FOLD_START = 0x9E3779B97F4A7C15L;

  private ScenarioRunner() {}

  /** Runs {@code scenario} with {@code seed}. */
  public static ScenarioOutcome run(Scenario scenario, long seed) {
    ScenarioRun run = new ScenarioRun(scenario, seed);
    scenario.run(run);
    Map<String, Simulation> sims = run.simulations();
    if (sims.isEmpty()) {
      throw new IllegalStateException("scenario " + scenario.name() + " ran no simulation");
    }
    long hash;
    long simulated = 0;
    if (sims.size() == 1) {
      Simulation only = sims.values().iterator().next();
      hash = only.trace().hash();
      simulated = only.now();
    } else {
      hash = FOLD_START;
      for (Simulation s : sims.values()) {
        long h = hash ^ s.trace().hash();
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        hash = h ^ (h >>> 31);
        simulated += s.now();
      }
    }
    Header header = new Header(scenario.name(), scenario.question(), String.join(", ", scenario.variants()), seed,
        String.format(Locale.ROOT, "%016x", hash), simulated, "caplab run " + scenario.name() + " --seed " + seed);
    Report report = new Report(header, run.blocks(), run.metrics(), run.checks());
    return new ScenarioOutcome(report, run.recorder() == null ? null : run.recorder().history());
  }
}
