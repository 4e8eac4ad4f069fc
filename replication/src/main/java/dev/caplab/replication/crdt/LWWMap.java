package dev.caplab.replication.crdt;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A map whose every key is a last-writer-wins {@link LWWRegister}: puts and removes are stamped
 * writes, the merge keeps each key's greatest stamp. A remove is a stamped tombstone that stays in
 * the map (and in {@link #metadataBytes()}) so that an older put arriving later cannot resurrect
 * the key.
 *
 * <p>Keys are ordered by their natural order or a given comparator consistent with
 * {@code equals}. Immutable and thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LWWMap<K, V> extends CrdtBase<LWWMap<K, V>, Map<K, V>> {

  private final SortedMap<K, LWWRegister<V>> registers; // unmodifiable, tombstones included

  private LWWMap(SortedMap<K, LWWRegister<V>> registers) {
    this.registers = registers;
  }

  public static <K extends Comparable<? super K>, V> LWWMap<K, V> empty() {
    return empty(Comparator.<K>naturalOrder());
  }

  public static <K, V> LWWMap<K, V> empty(Comparator<? super K> order) {
    return new LWWMap<>(Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(order, "order"))));
  }

  /** Puts {@code value} under {@code key}, stamped ({@code timestamp}, {@code replica}). */
  public LWWMap<K, V> put(ReplicaId replica, long timestamp, K key, V value) {
    return with(key, register(key).set(replica, timestamp, value));
  }

  public LWWMap<K, V> putDelta(ReplicaId replica, long timestamp, K key, V value) {
    return only(key, LWWRegister.<V>empty().setDelta(replica, timestamp, value));
  }

  /** Removes {@code key} with a stamped tombstone. */
  public LWWMap<K, V> remove(ReplicaId replica, long timestamp, K key) {
    return with(key, register(key).clear(replica, timestamp));
  }

  public LWWMap<K, V> removeDelta(ReplicaId replica, long timestamp, K key) {
    return only(key, LWWRegister.<V>empty().clearDelta(replica, timestamp));
  }

  public Optional<V> get(K key) {
    return register(key).value();
  }

  /** The register behind {@code key} (unwritten if the key was never written). */
  public LWWRegister<V> register(K key) {
    LWWRegister<V> r = registers.get(Objects.requireNonNull(key, "key"));
    return r != null ? r : LWWRegister.empty();
  }

  private LWWMap<K, V> with(K key, LWWRegister<V> register) {
    TreeMap<K, LWWRegister<V>> copy = new TreeMap<>(registers);
    copy.put(key, register);
    return new LWWMap<>(Collections.unmodifiableSortedMap(copy));
  }

  private LWWMap<K, V> only(K key, LWWRegister<V> register) {
    TreeMap<K, LWWRegister<V>> one = new TreeMap<>(registers.comparator());
    one.put(Objects.requireNonNull(key, "key"), register);
    return new LWWMap<>(Collections.unmodifiableSortedMap(one));
  }

  /** The live entries, sorted by key; a fresh unmodifiable map. */
  @Override
  public Map<K, V> value() {
    TreeMap<K, V> live = new TreeMap<>(registers.comparator());
    for (Map.Entry<K, LWWRegister<V>> e : registers.entrySet()) {
      e.getValue().value().ifPresent(v -> live.put(e.getKey(), v));
    }
    return Collections.unmodifiableSortedMap(live);
  }

  /** Each key's stamp, plus a reference for each tombstoned key. */
  @Override
  public long metadataBytes() {
    long bytes = 0;
    for (LWWRegister<V> r : registers.values()) {
      bytes += r.metadataBytes() + (r.value().isPresent() ? 0 : Metadata.REFERENCE_BYTES);
    }
    return bytes;
  }

  @Override
  LWWMap<K, V> mergeSame(LWWMap<K, V> other) {
    TreeMap<K, LWWRegister<V>> merged = new TreeMap<>(registers);
    for (Map.Entry<K, LWWRegister<V>> e : other.registers.entrySet()) {
      merged.merge(e.getKey(), e.getValue(), LWWRegister::merge);
    }
    return new LWWMap<>(Collections.unmodifiableSortedMap(merged));
  }

  @Override
  boolean isLessOrEqualSame(LWWMap<K, V> other) {
    for (Map.Entry<K, LWWRegister<V>> e : registers.entrySet()) {
      if (!e.getValue().isLessOrEqual(other.register(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LWWMap<?, ?> m && registers.equals(m.registers);
  }

  @Override
  public int hashCode() {
    return registers.hashCode();
  }

  @Override
  public String toString() {
    return "LWWMap" + registers;
  }
}
