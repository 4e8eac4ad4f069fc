package dev.caplab.check;

/**
 * The outcome of a linearizability check. Immutable and thread-safe.
 *
 * @param valid {@code TRUE}, {@code FALSE}, or {@code UNKNOWN} when the budget ran out
 * @param ops the number of operations in the history (failed and unknown ones included)
 * @param counterexample why it is not linearizable; non-null exactly when {@code valid} is
 *     {@code FALSE}
 * @param states the number of (linearized set, state) configurations the search memoised, summed
 *     over keys: a measure of the work done
 * @param note for {@code UNKNOWN}, which budget ran out; otherwise empty
 */
public record LinearizabilityResult(
    Verdict valid, int ops, Counterexample counterexample, long states, String note) {

  /** Checks that a counterexample comes exactly with {@code FALSE}. */
  public LinearizabilityResult {
    if (valid == null) {
      throw new IllegalArgumentException("valid must be one of TRUE, FALSE, UNKNOWN, got null");
    }
    if ((valid == Verdict.FALSE) != (counterexample != null)) {
      throw new IllegalArgumentException("counterexample must be present exactly when valid is"
          + " FALSE; valid was " + valid + ", counterexample " + counterexample);
    }
    note = note == null ? "" : note;
  }

  @Override
  public String toString() {
    return "valid: " + valid.name().toLowerCase(java.util.Locale.ROOT) + " (" + ops + " ops, "
        + states + " states" + (note.isEmpty() ? "" : ", " + note) + ")"
        + (counterexample == null ? "" : "\n" + counterexample.describe());
  }
}
