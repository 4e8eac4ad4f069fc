/**
 * Consistency checkers over {@link dev.caplab.history.History histories} (DESIGN §5).
 *
 * <p>{@link dev.caplab.check.Linearizability} decides whether a history of register, CAS-register
 * or key-value operations is linearizable against a {@link dev.caplab.check.Model}, and explains
 * a "no" with a {@link dev.caplab.check.Counterexample}. Verdicts are three-valued
 * ({@link dev.caplab.check.Verdict}): a budget that runs out gives {@code UNKNOWN}, never a guess.
 */
package dev.caplab.check;
