package dev.caplab.replication.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A grow-only counter: one non-decreasing count per replica; the value is their sum, the merge
 * their pointwise maximum.
 *
 * <p>Immutable and thread-safe.
 */
public final class GCounter extends CrdtBase<GCounter, Long> {

  private static final GCounter ZERO = new GCounter(Collections.emptySortedMap());

  private final Map<ReplicaId, Long> counts; // sorted, unmodifiable

  private GCounter(Map<ReplicaId, Long> counts) {
    this.counts = counts;
  }

  /** The counter at zero. */
  public static GCounter zero() {
    return ZERO;
  }

  /** Adds {@code amount} (at least 0) to {@code replica}'s count. */
  public GCounter increment(ReplicaId replica, long amount) {
    long next = next("GCounter.increment", replica, amount);
    if (amount == 0) {
      return this; // no zero entries: equal totals per replica mean equal states
    }
    TreeMap<ReplicaId, Long> copy = new TreeMap<>(counts);
    copy.put(replica, next);
    return new GCounter(Collections.unmodifiableSortedMap(copy));
  }

  /** The delta of {@link #increment}: {@code replica}'s new count alone. */
  public GCounter incrementDelta(ReplicaId replica, long amount) {
    long next = next("GCounter.incrementDelta", replica, amount);
    if (amount == 0) {
      return ZERO;
    }
    return new GCounter(Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(replica, next))));
  }

  private long next(String operation, ReplicaId replica, long amount) {
    Objects.requireNonNull(replica, "replica");
    requireAmount(operation, amount);
    return Math.addExact(count(replica), amount);
  }

  static void requireAmount(String operation, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException(operation + ": amount must be >= 0, got " + amount);
    }
  }

  /** The part of the total contributed by {@code replica}. */
  public long count(ReplicaId replica) {
    return counts.getOrDefault(replica, 0L);
  }

  /** The per-replica counts, sorted by replica. */
  public Map<ReplicaId, Long> counts() {
    return counts;
  }

  /** The total; {@link ArithmeticException} if it overflows a long. */
  @Override
  public Long value() {
    long sum = 0;
    for (long c : counts.values()) {
      sum = Math.addExact(sum, c);
    }
    return sum;
  }

  @Override
  public long metadataBytes() {
    long bytes = 0;
    for (ReplicaId r : counts.keySet()) {
      bytes += Metadata.replica(r) + Metadata.COUNTER_BYTES;
    }
    return bytes;
  }

  @Override
  GCounter mergeSame(GCounter other) {
    if (other.counts.isEmpty()) {
      return this;
    }
    TreeMap<ReplicaId, Long> merged = new TreeMap<>(counts);
    for (Map.Entry<ReplicaId, Long> e : other.counts.entrySet()) {
      merged.merge(e.getKey(), e.getValue(), Math::max);
    }
    return new GCounter(Collections.unmodifiableSortedMap(merged));
  }

  @Override
  boolean isLessOrEqualSame(GCounter other) {
    for (Map.Entry<ReplicaId, Long> e : counts.entrySet()) {
      if (e.getValue() > other.count(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GCounter g && counts.equals(g.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return "GCounter" + counts;
  }
}
