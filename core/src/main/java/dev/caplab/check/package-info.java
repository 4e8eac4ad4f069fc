/**
 * Consistency checkers over {@link dev.caplab.history.History histories}.
 *
 * <p>{@link dev.caplab.check.Linearizability} decides whether a history of register, CAS-register
 * or key-value operations is linearizable against a {@link dev.caplab.check.Model}, and explains
 * a "no" with a {@link dev.caplab.check.Counterexample}. Verdicts are three-valued
 * ({@link dev.caplab.check.Verdict}): a budget that runs out gives {@code UNKNOWN}, never a guess.
 *
 * <p>{@link dev.caplab.check.Staleness} measures how stale reads are (k-staleness, t-visibility,
 * as in the PBS paper); {@link dev.caplab.check.ConvergenceCheck}, {@link
 * dev.caplab.check.SetCheck} and {@link dev.caplab.check.CounterCheck} judge replica snapshots, a
 * Jepsen set and counter bounds. Each result has a JSON-friendly {@code toMap()} view.
 */
package dev.caplab.check;
