package dev.caplab.replication.quorum;

/**
 * The version a stored value carries: an {@link LwwStamp} in an {@link Versioning#LWW} store, a
 * {@link VectorClock} in a {@link Versioning#VECTOR} one, a {@link DottedVersion} in a {@link
 * Versioning#DVV} one. Immutable and thread-safe.
 */
public sealed interface Version permits LwwStamp, VectorClock, DottedVersion {

  /** A deterministic 64-bit digest (same in every JVM), for Merkle trees. */
  long digest();
}
