package dev.caplab.replication.crdt;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An add-wins observed-remove set without tombstones (the optimized OR-Set, ORSWOT): each element
 * carries the dots of the adds that put it there, and a causal context remembers every dot seen.
 * A remove drops the element's dots, so it removes exactly the adds it observed: an add
 * concurrent with the remove (a dot the remover never saw) survives the merge.
 *
 * <p>Removed elements leave no payload: the context compacts to one entry per replica, so the
 * metadata stays within one dot per replica plus one dot per live element per replica that added
 * it concurrently, however many removes happened.
 *
 * <pre>{@code
 * ORSet<String> a = ORSet.<String>empty().add(r1, "milk");
 * ORSet<String> b = a.remove("milk");                 // r2 removes the milk it saw
 * ORSet<String> c = a.add(r3, "milk");                // r3 adds milk again, concurrently
 * b.merge(c).contains("milk");                        // true: the concurrent add wins
 * }</pre>
 *
 * <p>Elements are ordered by their natural order or a given comparator, which must be consistent
 * with {@code equals}. Immutable and thread-safe.
 *
 * @param <E> the element type
 */
public final class ORSet<E> extends CrdtBase<ORSet<E>, Set<E>> {

  private final DotKernel<E> kernel;

  private ORSet(DotKernel<E> kernel) {
    this.kernel = kernel;
  }

  /** An empty set of naturally ordered elements. */
  public static <E extends Comparable<? super E>> ORSet<E> empty() {
    return new ORSet<>(DotKernel.empty(Comparator.<E>naturalOrder()));
  }

  /** An empty set ordered by {@code order}. */
  public static <E> ORSet<E> empty(Comparator<? super E> order) {
    return new ORSet<>(DotKernel.empty(order));
  }

  /** Adds {@code element} at {@code replica} with a fresh dot, replacing the dots it had here. */
  public ORSet<E> add(ReplicaId replica, E element) {
    return new ORSet<>(kernel.add(Objects.requireNonNull(replica, "replica"),
        Objects.requireNonNull(element, "element")));
  }

  /** The delta of {@link #add}: the element with its new dot and a context of the replaced dots. */
  public ORSet<E> addDelta(ReplicaId replica, E element) {
    return new ORSet<>(kernel.addDelta(Objects.requireNonNull(replica, "replica"),
        Objects.requireNonNull(element, "element")));
  }

  /** Removes {@code element} as observed here (no-op if absent). Needs no replica: it creates no dot. */
  public ORSet<E> remove(E element) {
    return new ORSet<>(kernel.remove(Objects.requireNonNull(element, "element")));
  }

  /** The delta of {@link #remove}: no elements, a context of the removed dots. */
  public ORSet<E> removeDelta(E element) {
    return new ORSet<>(kernel.removeDelta(Objects.requireNonNull(element, "element")));
  }

  /** Removes every element observed here. */
  public ORSet<E> clear() {
    return new ORSet<>(kernel.clear());
  }

  /** The delta of {@link #clear}. */
  public ORSet<E> clearDelta() {
    return new ORSet<>(kernel.clearDelta());
  }

  public boolean contains(E element) {
    return kernel.contains(Objects.requireNonNull(element, "element"));
  }

  public int size() {
    return kernel.size();
  }

  /** The dots that keep {@code element} in the set, sorted (more than one after concurrent adds). */
  public List<Dot> dots(E element) {
    return kernel.dotsOf(element);
  }

  /** The number of dots held for live elements. */
  public long dotCount() {
    return kernel.dotCount();
  }

  /** The elements, sorted; an unmodifiable view. */
  @Override
  public Set<E> value() {
    return new SortedArraySet<>(kernel.keysArray(), kernel.order());
  }

  @Override
  public long metadataBytes() {
    return kernel.metadataBytes();
  }

  @Override
  ORSet<E> mergeSame(ORSet<E> other) {
    return new ORSet<>(kernel.merge(other.kernel, "ORSet"));
  }

  @Override
  boolean isLessOrEqualSame(ORSet<E> other) {
    return kernel.isLessOrEqual(other.kernel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ORSet<?> s && kernel.equals(s.kernel);
  }

  @Override
  public int hashCode() {
    return kernel.hashCode();
  }

  @Override
  public String toString() {
    return "ORSet" + kernel;
  }
}
