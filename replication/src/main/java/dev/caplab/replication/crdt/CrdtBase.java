package dev.caplab.replication.crdt;

import java.util.Objects;

/**
 * The shared front of every CRDT in this package: checks that {@link #merge} and
 * {@link #isLessOrEqual} receive the same type before the typed implementation runs, so a
 * raw-typed call fails with a message instead of a {@link ClassCastException}.
 *
 * <p>Immutable and thread-safe, like its subclasses.
 */
abstract class CrdtBase<T extends Crdt<T, V>, V> implements Crdt<T, V> {

  @Override
  public final T merge(T other) {
    return mergeSame(requireSameType("merge", other));
  }

  @Override
  public final boolean isLessOrEqual(T other) {
    return isLessOrEqualSame(requireSameType("compare", other));
  }

  /** The join with a value already checked to be of this class. */
  abstract T mergeSame(T other);

  /** The order against a value already checked to be of this class. */
  abstract boolean isLessOrEqualSame(T other);

  /** The name used in messages; subclasses with modes add them. */
  String typeName() {
    return getClass().getSimpleName();
  }

  private T requireSameType(String operation, T other) {
    Objects.requireNonNull(other, "other");
    if (other.getClass() != getClass()) {
      String otherName =
          other instanceof CrdtBase<?, ?> base ? base.typeName() : other.getClass().getSimpleName();
      throw new IllegalArgumentException(
          "cannot " + operation + " " + typeName() + " with " + otherName);
    }
    return other;
  }
}
