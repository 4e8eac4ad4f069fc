package dev.caplab.replication.crdt;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A map from keys to CRDT values, merged recursively. Which keys are present is an add-wins
 * {@link ORSet}: every {@link #update} adds the key with a fresh dot, a {@link #remove} drops the
 * dots it observed, so an update concurrent with a remove keeps the key.
 *
 * <p>Values are joined key by key and are <em>not</em> reset by a remove: a removed key's value
 * stays as a tombstone (counted in {@link #metadataBytes()}) and is what the key shows again if it
 * is updated later or concurrently. Resetting would need every nested type to be causal (dotted),
 * as in Riak's maps; this simpler map keeps the join exact for any nested {@link Crdt}.
 *
 * <pre>{@code
 * ORMap<String, PNCounter> cart = ORMap.empty(PNCounter.zero());
 * cart = cart.update(r1, "apples", c -> c.increment(r1, 3));
 * cart.get("apples").map(PNCounter::value);   // Optional[3]
 * }</pre>
 *
 * <p>Keys are ordered by their natural order or a given comparator consistent with
 * {@code equals}. Immutable and thread-safe.
 *
 * @param <K> the key type
 * @param <C> the nested CRDT type
 */
public final class ORMap<K, C extends Crdt<C, ?>> extends CrdtBase<ORMap<K, C>, Map<K, C>> {

  private final DotKernel<K> keys;
  private final SortedMap<K, C> values; // unmodifiable; every key ever updated, removed ones included
  private final C bottom;

  private ORMap(DotKernel<K> keys, SortedMap<K, C> values, C bottom) {
    this.keys = keys;
    this.values = values;
    this.bottom = bottom;
  }

  /** An empty map of naturally ordered keys whose values start at {@code bottom}. */
  public static <K extends Comparable<? super K>, C extends Crdt<C, ?>> ORMap<K, C> empty(C bottom) {
    return empty(Comparator.<K>naturalOrder(), bottom);
  }

  /** An empty map ordered by {@code order} whose values start at {@code bottom}. */
  public static <K, C extends Crdt<C, ?>> ORMap<K, C> empty(Comparator<? super K> order, C bottom) {
    return new ORMap<>(
        DotKernel.empty(order),
        Collections.unmodifiableSortedMap(new TreeMap<>(order)),
        Objects.requireNonNull(bottom, "bottom"));
  }

  /**
   * Adds {@code key} at {@code replica} and joins {@code change} applied to its current value
   * (or the bottom value) into that value. {@code change} may return the new value or only a delta
   * of it (for example {@code c -> c.incrementDelta(r1, 1)}); either way the join is stored, so the
   * update is an inflation.
   */
  public ORMap<K, C> update(ReplicaId replica, K key, UnaryOperator<C> change) {
    C current = current(key);
    C next = current.merge(Objects.requireNonNull(change.apply(current), "change returned null"));
    TreeMap<K, C> copy = new TreeMap<>(values);
    copy.put(key, next);
    return new ORMap<>(keys.add(replica, key), Collections.unmodifiableSortedMap(copy), bottom);
  }

  /** The delta of {@link #update}: the key's new dot and what {@code change} returned. */
  public ORMap<K, C> updateDelta(ReplicaId replica, K key, UnaryOperator<C> change) {
    C delta = Objects.requireNonNull(change.apply(current(key)), "change returned null");
    TreeMap<K, C> one = new TreeMap<>(keys.order());
    one.put(key, delta);
    return new ORMap<>(keys.addDelta(replica, key), Collections.unmodifiableSortedMap(one), bottom);
  }

  /** Removes {@code key} as observed here; its value stays behind as a tombstone. */
  public ORMap<K, C> remove(K key) {
    return new ORMap<>(keys.remove(Objects.requireNonNull(key, "key")), values, bottom);
  }

  public ORMap<K, C> removeDelta(K key) {
    return new ORMap<>(
        keys.removeDelta(Objects.requireNonNull(key, "key")),
        Collections.unmodifiableSortedMap(new TreeMap<>(keys.order())),
        bottom);
  }

  private C current(K key) {
    C value = values.get(Objects.requireNonNull(key, "key"));
    return value != null ? value : bottom;
  }

  public boolean containsKey(K key) {
    return keys.contains(key);
  }

  /** The value of a present key. */
  public Optional<C> get(K key) {
    return keys.contains(key) ? Optional.of(values.get(key)) : Optional.empty();
  }

  /** The present keys with their values, sorted by key; a fresh unmodifiable map. */
  @Override
  public Map<K, C> value() {
    TreeMap<K, C> live = new TreeMap<>(keys.order());
    for (Object k : keys.keysArray()) {
      @SuppressWarnings("unchecked")
      K key = (K) k;
      live.put(key, values.get(key));
    }
    return Collections.unmodifiableSortedMap(live);
  }

  /** The key dots and context, every value's metadata, and a reference per tombstoned key. */
  @Override
  public long metadataBytes() {
    long bytes = keys.metadataBytes();
    for (Map.Entry<K, C> e : values.entrySet()) {
      bytes += e.getValue().metadataBytes();
      if (!keys.contains(e.getKey())) {
        bytes += Metadata.REFERENCE_BYTES;
      }
    }
    return bytes;
  }

  @Override
  ORMap<K, C> mergeSame(ORMap<K, C> other) {
    TreeMap<K, C> merged = new TreeMap<>(values);
    for (Map.Entry<K, C> e : other.values.entrySet()) {
      merged.merge(e.getKey(), e.getValue(), Crdt::merge);
    }
    return new ORMap<>(
        keys.merge(other.keys, "ORMap"), Collections.unmodifiableSortedMap(merged), bottom);
  }

  @Override
  boolean isLessOrEqualSame(ORMap<K, C> other) {
    if (!keys.isLessOrEqual(other.keys)) {
      return false;
    }
    for (Map.Entry<K, C> e : values.entrySet()) {
      C theirs = other.values.get(e.getKey());
      if (theirs == null || !e.getValue().isLessOrEqual(theirs)) {
        return false;
      }
    }
    return true;
  }

  /** Equal keys, dots, context and values; the bottom value is configuration and not compared. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ORMap<?, ?> m && keys.equals(m.keys) && values.equals(m.values);
  }

  @Override
  public int hashCode() {
    return keys.hashCode() * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    return "ORMap(keys " + keys + ", values " + values + ")";
  }
}
