package dev.caplab.replication.crdt;

import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A two-phase set: a grow-only set of added elements and a grow-only set of removed ones
 * (tombstones). An element is present when added and not removed; once removed it never comes
 * back. Tombstones are never collected, which {@link #metadataBytes()} shows.
 *
 * <p>Elements are ordered by their natural order or a given comparator consistent with
 * {@code equals}. Immutable and thread-safe.
 *
 * @param <E> the element type
 */
public final class TwoPhaseSet<E> extends CrdtBase<TwoPhaseSet<E>, Set<E>> {

  private final GSet<E> added;
  private final GSet<E> removed;

  private TwoPhaseSet(GSet<E> added, GSet<E> removed) {
    this.added = added;
    this.removed = removed;
  }

  public static <E extends Comparable<? super E>> TwoPhaseSet<E> empty() {
    return new TwoPhaseSet<>(GSet.<E>empty(), GSet.<E>empty());
  }

  public static <E> TwoPhaseSet<E> empty(Comparator<? super E> order) {
    return new TwoPhaseSet<>(GSet.empty(order), GSet.empty(order));
  }

  /** Adds {@code element}; has no visible effect if it was removed before. */
  public TwoPhaseSet<E> add(E element) {
    return new TwoPhaseSet<>(added.add(element), removed);
  }

  public TwoPhaseSet<E> addDelta(E element) {
    return new TwoPhaseSet<>(added.addDelta(element), emptyLike(removed));
  }

  /** Removes {@code element} for ever; it must have been added here (seen) first. */
  public TwoPhaseSet<E> remove(E element) {
    requireAdded("TwoPhaseSet.remove", element);
    return new TwoPhaseSet<>(added, removed.add(element));
  }

  public TwoPhaseSet<E> removeDelta(E element) {
    requireAdded("TwoPhaseSet.removeDelta", element);
    return new TwoPhaseSet<>(emptyLike(added), removed.addDelta(element));
  }

  private void requireAdded(String operation, E element) {
    Objects.requireNonNull(element, "element");
    if (!added.contains(element)) {
      throw new IllegalArgumentException(
          operation + ": element " + element + " was never added here; a 2P-set removes only added elements");
    }
  }

  private static <E> GSet<E> emptyLike(GSet<E> set) {
    return GSet.empty(set.comparator());
  }

  public boolean contains(E element) {
    return added.contains(element) && !removed.contains(element);
  }

  /** The tombstones: every element ever removed. */
  public Set<E> removed() {
    return removed.value();
  }

  /** The present elements, sorted; a fresh unmodifiable set. */
  @Override
  public Set<E> value() {
    TreeSet<E> present = new TreeSet<>(added.comparator());
    for (E e : added.value()) {
      if (!removed.contains(e)) {
        present.add(e);
      }
    }
    return Collections.unmodifiableSortedSet(present);
  }

  /** One reference per tombstone. */
  @Override
  public long metadataBytes() {
    return (long) removed.value().size() * Metadata.REFERENCE_BYTES;
  }

  @Override
  TwoPhaseSet<E> mergeSame(TwoPhaseSet<E> other) {
    return new TwoPhaseSet<>(added.merge(other.added), removed.merge(other.removed));
  }

  @Override
  boolean isLessOrEqualSame(TwoPhaseSet<E> other) {
    return added.isLessOrEqual(other.added) && removed.isLessOrEqual(other.removed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TwoPhaseSet<?> t && added.equals(t.added) && removed.equals(t.removed);
  }

  @Override
  public int hashCode() {
    return added.hashCode() * 31 + removed.hashCode();
  }

  @Override
  public String toString() {
    return "TwoPhaseSet(added " + added.value() + ", removed " + removed.value() + ")";
  }
}
