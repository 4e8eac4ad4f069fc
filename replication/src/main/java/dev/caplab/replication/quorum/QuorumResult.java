package dev.caplab.replication.quorum;

/**
 * The outcome of a quorum request: {@link ReadOk}, {@link WriteOk} or {@link Unavailable}.
 * Immutable and thread-safe.
 */
public sealed interface QuorumResult permits ReadOk, WriteOk, Unavailable {

  /** The key of the request. */
  String key();

  /** Whether the request succeeded. */
  default boolean ok() {
    return !(this instanceof Unavailable);
  }
}
