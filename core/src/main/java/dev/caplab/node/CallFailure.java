package dev.caplab.node;

/** Why a {@link Call} ended without a reply. */
public enum CallFailure {
  /** No reply arrived within the timeout (lost, partitioned, slow, or the callee is down). */
  TIMEOUT,
  /** The callee's inbox was full and it answered {@link Overloaded}. */
  REJECTED
}
