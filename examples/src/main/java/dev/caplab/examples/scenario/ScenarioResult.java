package dev.caplab.examples.scenario;

import dev.caplab.history.History;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a scenario run produced: the figures a program reads ({@code caplab run --json}) and the
 * summary a person reads (the default text output).
 *
 * <p>Metric values are numbers, strings, booleans or nested maps of the same; maps keep their
 * insertion order so that the JSON and the tables list things in the order the scenario chose.
 * Immutable (the maps are unmodifiable copies) and thread-safe.
 *
 * @param scenario the scenario's name
 * @param seed the master seed the run used
 * @param traceHash the simulation's trace hash as 16 lower-case hex digits
 * @param simulatedNanos virtual time at the end of the run
 * @param metrics named figures, possibly nested
 * @param checks named pass/fail verdicts with their evidence
 * @param summary the human text summary, several lines, ending with a newline
 * @param history the clients' recorded history, or {@code null} if the scenario records none
 */
public record ScenarioResult(
    String scenario,
    long seed,
    String traceHash,
    long simulatedNanos,
    Map<String, Object> metrics,
    Map<String, Check> checks,
    String summary,
    History history) {

  private static final Pattern TRACE_HASH = Pattern.compile("[0-9a-f]{16}");

  /** Validates the fields and freezes the maps. */
  public ScenarioResult {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(traceHash, "traceHash");
    if (!TRACE_HASH.matcher(traceHash).matches()) {
      throw new IllegalArgumentException(
          "traceHash must be 16 lower-case hex digits (" + TRACE_HASH.pattern() + "), got '" + traceHash + "'");
    }
    if (simulatedNanos < 0) {
      throw new IllegalArgumentException("simulatedNanos must be >= 0, got " + simulatedNanos);
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(checks, "checks")));
    Objects.requireNonNull(summary, "summary");
  }

  /** A result without a recorded history. */
  public ScenarioResult(String scenario, long seed, String traceHash, long simulatedNanos,
      Map<String, Object> metrics, Map<String, Check> checks, String summary) {
    this(scenario, seed, traceHash, simulatedNanos, metrics, checks, summary, null);
  }

  /** Whether every check passed. */
  public boolean allChecksValid() {
    return checks.values().stream().allMatch(Check::valid);
  }

  /**
   * A named verdict: whether the property held, and the figures that show why.
   *
   * @param valid whether the property held
   * @param details evidence, in the order it should be shown (must not contain {@code "valid"})
   */
  public record Check(boolean valid, Map<String, Object> details) {

    /** Freezes the details and keeps the {@code valid} key for the verdict itself. */
    public Check {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
      if (details.containsKey("valid")) {
        throw new IllegalArgumentException("check details must not contain the key 'valid': it is the verdict");
      }
    }

    /**
     * A check from a checker's map view ({@code valid} plus details, as the {@code toMap()} of
     * the checkers in {@code dev.caplab.check} give it).
     *
     * @throws IllegalArgumentException if {@code view} has no boolean {@code valid}
     */
    public static Check fromMap(Map<String, Object> view) {
      if (!(view.get("valid") instanceof Boolean valid)) {
        throw new IllegalArgumentException("a check view needs a boolean 'valid', got " + view.get("valid"));
      }
      Map<String, Object> details = new LinkedHashMap<>(view);
      details.remove("valid");
      return new Check(valid, details);
    }

    /** The check as the JSON object {@code {"valid": ..., <details>...}}. */
    public Map<String, Object> asMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("valid", valid);
      out.putAll(details);
      return out;
    }
  }
}
