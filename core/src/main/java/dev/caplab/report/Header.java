package dev.caplab.report;

import java.util.Objects;

/**
 * What a report is about and how to get it again: the scenario, the question it answers, the
 * variants it compares, and the seed, trace hash and simulated time that pin the run down.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scenario the scenario's name, e.g. {@code thundering-herd}
 * @param question the question the run answers, in plain words
 * @param variant what was compared or chosen, e.g. {@code none, full, equal, decorrelated}
 *     (empty when the run has one design)
 * @param seed the master seed
 * @param traceHash the run's trace hash, 16 lower-case hex digits
 * @param simulatedNanos virtual time the run covered (summed over variants)
 * @param command the command that reproduces the run, e.g. {@code caplab run thundering-herd --seed 1}
 */
public record Header(String scenario, String question, String variant, long seed, String traceHash,
    long simulatedNanos, String command) {

  public Header {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(traceHash, "traceHash");
    if (!traceHash.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException("traceHash must be 16 lower-case hex digits, got '" + traceHash + "'");
    }
    if (simulatedNanos < 0) {
      throw new IllegalArgumentException("simulatedNanos must be >= 0, got " + simulatedNanos);
    }
    Objects.requireNonNull(command, "command");
  }
}
