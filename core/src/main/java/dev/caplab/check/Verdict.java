package dev.caplab.check;

/**
 * The answer of a checker. {@link #UNKNOWN} means the budget ran out before an answer was found;
 * a checker never turns a lack of time into {@code TRUE} or {@code FALSE}.
 */
public enum Verdict {
  /** The property holds. */
  TRUE,
  /** The property is violated; the result carries a counterexample. */
  FALSE,
  /** The budget (time or states) ran out first. */
  UNKNOWN;

  /** {@code true}, {@code false} or {@code null} (unknown), as in the command line's JSON output. */
  public Boolean asBoolean() {
    return switch (this) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case UNKNOWN -> null;
    };
  }
}
