package dev.caplab.check;

import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.Set;

/**
 * A sequential specification: what one operation does to a state, as the linearizability search
 * replays a candidate order. Implementations for registers are in {@link Models}; a new data type
 * (a set, a counter, a queue) plugs in by implementing this interface.
 *
 * <p>States are values: the search memoises (linearized operations, state) pairs, so states must
 * be immutable and have {@code equals} and a <b>deterministic</b> {@code hashCode} (records of
 * strings and numbers; never identity hashes, so a search explores states in the same order in
 * every run). A model is stateless and must be thread-safe.
 *
 * @param <S> the state type; {@code null} is not a state
 */
public interface Model<S> {

  /** The name used on the command line ({@code register}, {@code cas-register}, {@code kv}). */
  String name();

  /** The functions this model understands; a history using another one is rejected up front. */
  Set<Op.Fn> functions();

  /**
   * Whether operations on different keys are independent (a map of registers), so the history is
   * checked one key at a time (P-compositionality). If {@code false}, the history must use at
   * most one key.
   */
  boolean perKey();

  /** The state before any operation. */
  S init();

  /**
   * The state after {@code op} takes effect in {@code state} and produces its recorded output, or
   * {@code null} if it cannot (a read that saw another value, a cas whose expected value differs).
   *
   * <p>{@code op} has status {@code OK} or {@code INFO}; for {@code INFO} its output is unknown
   * and must be ignored. Failed operations never reach a model: they did not take effect.
   */
  S step(S state, Operation op);

  /** A short human-readable rendering of a state, for counterexamples. */
  default String describe(S state) {
    return String.valueOf(state);
  }

  /**
   * The state as a plain value for machine-readable output (JSON): {@code null}, a number, a
   * string, or lists and maps of those. By default its {@link #describe description}.
   */
  default Object value(S state) {
    return describe(state);
  }
}
