package dev.caplab.replication.crdt;

import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A grow-only set: add only; the merge is the union. It has no metadata.
 *
 * <p>Elements are ordered by their natural order or a given comparator consistent with
 * {@code equals}. Immutable and thread-safe.
 *
 * @param <E> the element type
 */
public final class GSet<E> extends CrdtBase<GSet<E>, Set<E>> {

  private final SortedSet<E> elements; // unmodifiable

  private GSet(SortedSet<E> elements) {
    this.elements = elements;
  }

  public static <E extends Comparable<? super E>> GSet<E> empty() {
    return empty(Comparator.<E>naturalOrder());
  }

  public static <E> GSet<E> empty(Comparator<? super E> order) {
    return new GSet<>(Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(order, "order"))));
  }

  public GSet<E> add(E element) {
    Objects.requireNonNull(element, "element");
    if (elements.contains(element)) {
      return this;
    }
    TreeSet<E> copy = new TreeSet<>(elements);
    copy.add(element);
    return new GSet<>(Collections.unmodifiableSortedSet(copy));
  }

  /** The delta of {@link #add}: the element alone. */
  public GSet<E> addDelta(E element) {
    Objects.requireNonNull(element, "element");
    TreeSet<E> one = new TreeSet<>(elements.comparator());
    one.add(element);
    return new GSet<>(Collections.unmodifiableSortedSet(one));
  }

  Comparator<? super E> comparator() {
    return elements.comparator();
  }

  public boolean contains(E element) {
    return elements.contains(element);
  }

  /** The elements, sorted; unmodifiable. */
  @Override
  public Set<E> value() {
    return elements;
  }

  @Override
  public long metadataBytes() {
    return 0;
  }

  @Override
  GSet<E> mergeSame(GSet<E> other) {
    if (elements.containsAll(other.elements)) {
      return this;
    }
    TreeSet<E> union = new TreeSet<>(elements);
    union.addAll(other.elements);
    return new GSet<>(Collections.unmodifiableSortedSet(union));
  }

  @Override
  boolean isLessOrEqualSame(GSet<E> other) {
    return other.elements.containsAll(elements);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GSet<?> g && elements.equals(g.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return "GSet" + elements;
  }
}
