/**
 * Operation histories: what clients invoked, when, and what they saw.
 *
 * <p>An {@link dev.caplab.history.Op} is one event (an invocation or a completion); a
 * {@link dev.caplab.history.History} is a validated, immutable sequence of them that also pairs
 * each invocation with its completion as an {@link dev.caplab.history.Operation}. Simulated
 * clients build histories with a {@link dev.caplab.history.HistoryRecorder}; files in the JSON
 * Lines format are read and written by {@link dev.caplab.history.HistoryFormat}. The same
 * well-formedness rules apply to all three ways in, so a checker never sees a history that a
 * file could not express. {@link dev.caplab.history.SequentialHistories} generates large
 * linearizable-by-construction histories for tests and benchmarks.
 */
package dev.caplab.history;
