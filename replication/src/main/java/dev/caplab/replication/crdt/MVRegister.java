package dev.caplab.replication.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A multi-value register: each write gets a dot and replaces the writes this replica has seen;
 * writes that did not see each other survive side by side as siblings, for the reader (or the
 * next writer) to resolve. The causal context, a version vector plus out-of-order dots, records
 * what each state has seen, so no write is lost and none comes back once overwritten.
 *
 * <pre>{@code
 * MVRegister<String> a = MVRegister.<String>empty().write(r1, "blue");
 * MVRegister<String> b = MVRegister.<String>empty().write(r2, "red");
 * a.merge(b).value();                       // [blue, red]: concurrent siblings
 * a.merge(b).write(r1, "purple").value();   // [purple]: this write saw both
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <V> the value type
 */
public final class MVRegister<V> extends CrdtBase<MVRegister<V>, Set<V>> {

  private static final MVRegister<?> EMPTY =
      new MVRegister<>(Collections.emptySortedMap(), CausalContext.EMPTY);

  private final SortedMap<Dot, V> entries; // unmodifiable
  private final CausalContext context;

  private MVRegister(SortedMap<Dot, V> entries, CausalContext context) {
    this.entries = entries;
    this.context = context;
  }

  @SuppressWarnings("unchecked")
  public static <V> MVRegister<V> empty() {
    return (MVRegister<V>) EMPTY;
  }

  /** Writes {@code value} at {@code replica}, replacing every sibling seen here. */
  public MVRegister<V> write(ReplicaId replica, V value) {
    Objects.requireNonNull(value, "value");
    Dot dot = context.nextDot(Objects.requireNonNull(replica, "replica"));
    return new MVRegister<>(single(dot, value), context.add(dot));
  }

  /** The delta of {@link #write}: the new entry, with a context of it and the replaced siblings. */
  public MVRegister<V> writeDelta(ReplicaId replica, V value) {
    Objects.requireNonNull(value, "value");
    Dot dot = context.nextDot(Objects.requireNonNull(replica, "replica"));
    List<Dot> seen = new ArrayList<>(entries.keySet());
    seen.add(dot);
    return new MVRegister<>(single(dot, value), CausalContext.of(seen));
  }

  private static <V> SortedMap<Dot, V> single(Dot dot, V value) {
    TreeMap<Dot, V> one = new TreeMap<>();
    one.put(dot, value);
    return Collections.unmodifiableSortedMap(one);
  }

  /** The siblings with their dots, sorted by dot. */
  public SortedMap<Dot, V> entries() {
    return entries;
  }

  /** Whether concurrent writes are waiting to be resolved. */
  public boolean hasSiblings() {
    return entries.size() > 1;
  }

  /**
   * The distinct sibling values in the order of their dots (by replica id, then counter), not
   * sorted by value: values need no order of their own. Equal states list them in the same order.
   * Empty if never written.
   */
  @Override
  public Set<V> value() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(entries.values()));
  }

  @Override
  public long metadataBytes() {
    long bytes = context.metadataBytes();
    for (Dot d : entries.keySet()) {
      bytes += Metadata.dot(d);
    }
    return bytes;
  }

  @Override
  MVRegister<V> mergeSame(MVRegister<V> other) {
    TreeMap<Dot, V> merged = new TreeMap<>();
    for (Map.Entry<Dot, V> e : entries.entrySet()) {
      V theirs = other.entries.get(e.getKey());
      if (theirs != null) {
        if (!theirs.equals(e.getValue())) {
          throw new IllegalStateException(
              "MVRegister.merge: dot " + e.getKey() + " holds two different values: "
                  + e.getValue() + " and " + theirs);
        }
        merged.put(e.getKey(), e.getValue());
      } else if (!other.context.contains(e.getKey())) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<Dot, V> e : other.entries.entrySet()) {
      if (!entries.containsKey(e.getKey()) && !context.contains(e.getKey())) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return new MVRegister<>(Collections.unmodifiableSortedMap(merged), context.merge(other.context));
  }

  @Override
  boolean isLessOrEqualSame(MVRegister<V> other) {
    if (!context.isSubsetOf(other.context)) {
      return false;
    }
    for (Dot d : other.entries.keySet()) {
      if (context.contains(d) && !entries.containsKey(d)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MVRegister<?> r && entries.equals(r.entries) && context.equals(r.context);
  }

  @Override
  public int hashCode() {
    return entries.hashCode() * 31 + context.hashCode();
  }

  @Override
  public String toString() {
    return "MVRegister" + entries + " context " + context;
  }
}
