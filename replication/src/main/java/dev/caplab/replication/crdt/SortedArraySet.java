package dev.caplab.replication.crdt;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** An unmodifiable set view over a sorted array that nobody changes; contains by binary search. */
final class SortedArraySet<E> extends AbstractSet<E> {

  private final Object[] elements;
  private final Comparator<? super E> order;

  SortedArraySet(Object[] elements, Comparator<? super E> order) {
    this.elements = elements;
    this.order = order;
  }

  @Override
  public int size() {
    return elements.length;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean contains(Object o) {
    if (o == null) {
      return false;
    }
    try {
      return Arrays.binarySearch(elements, o, (a, b) -> order.compare((E) a, (E) b)) >= 0;
    } catch (ClassCastException e) {
      return false;
    }
  }

  @Override
  public Iterator<E> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < elements.length;
      }

      @Override
      @SuppressWarnings("unchecked")
      public E next() {
        if (next >= elements.length) {
          throw new NoSuchElementException();
        }
        return (E) elements[next++];
      }
    };
  }
}
