package dev.caplab.replication.quorum;

/**
 * The outcome of a quorum request: {@link ReadOk}, {@link WriteOk}, {@link Unavailable} or
 * {@link Throttled}.
 * Immutable and thread-safe.
 */
public sealed interface QuorumResult permits ReadOk, WriteOk, Unavailable, Throttled {

  /** The key of the request. */
  String key();

  /** Whether the request succeeded. */
  default boolean ok() {
    return !(this instanceof Unavailable) && !(this instanceof Throttled);
  }

  /** Whether the request was refused for the partition's throughput limit (retriable). */
  default boolean throttled() {
    return this instanceof Throttled;
  }
}
