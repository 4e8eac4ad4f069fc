package dev.caplab.messaging.saga;

/**
 * Which half of a step an invocation runs: its action, or the compensation that undoes it.
 * Immutable and thread-safe.
 */
public enum StepPhase {
  /** The step's action (the forward, local transaction). */
  ACTION,
  /** The step's compensation (the semantic undo of its action). */
  COMPENSATION
}
