package dev.caplab.replication.crdt;

/**
 * A state-based CRDT: an immutable value of a join semilattice.
 *
 * <p>{@link #merge} is the join: commutative, associative and idempotent, so replicas that have
 * seen the same updates, in any order and through any merge tree, hold equal values. Every
 * mutator of an implementation is an <em>inflation</em>: {@code s.isLessOrEqual(s.mutate(...))}.
 * Delta mutators ({@code addDelta}, {@code incrementDelta}, ...) return a small value of the same
 * type such that {@code s.merge(s.xDelta(...))} equals {@code s.x(...)}; ship the delta instead of
 * the whole state.
 *
 * <p>Merging values of two different CRDT types (possible through a raw-typed call) throws an
 * {@link IllegalArgumentException} naming both types; two states that disagree about the same
 * event (a dot, or an LWW stamp of the same replica and timestamp) throw an
 * {@link IllegalStateException} naming it.
 *
 * <p>Implementations are immutable and thread-safe, compare by value, and iterate
 * deterministically (sorted by replica id, element order or dot).
 *
 * @param <T> the implementing type
 * @param <V> the type of the value the CRDT represents
 */
public interface Crdt<T extends Crdt<T, V>, V> {

  /** The join of this state and {@code other}; neither is changed. */
  T merge(T other);

  /** The value this state represents (for example the counter's total or the set's elements). */
  V value();

  /**
   * An estimate of the encoded size of this state's metadata in bytes, payload excluded: a replica
   * id counts its name's length, a counter, timestamp or dot counter 8 bytes, a dot its replica
   * plus 8, a tombstoned element or key 8 (a reference). Values and elements themselves are not
   * counted. Used to measure tombstone and version-vector growth.
   */
  long metadataBytes();

  /**
   * The semilattice order: {@code true} exactly when {@code this.merge(other)} equals {@code other},
   * that is when {@code other} has seen everything this state has.
   */
  boolean isLessOrEqual(T other);
}
