package dev.caplab.examples.scenario;

import dev.caplab.history.History;
import dev.caplab.report.Report;
import java.util.Objects;

/**
 * What a scenario run produced: its report, which every rendering (text, JSON, CSV, HTML) reads,
 * and the clients' recorded history when the scenario records one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param report the run's report
 * @param history the recorded history, or null if the scenario records none
 */
public record ScenarioOutcome(Report report, History history) {

  public ScenarioOutcome {
    Objects.requireNonNull(report, "report");
  }
}
