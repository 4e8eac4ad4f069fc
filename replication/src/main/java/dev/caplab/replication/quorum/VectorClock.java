package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A vector clock: for each actor, how many of its events are in this version's causal past.
 * Entries are kept sorted by actor name, so equal clocks print and digest identically in every
 * run. Immutable and thread-safe.
 */
public final class VectorClock implements Version {

  /** How two clocks relate. */
  public enum Order {
    /** This clock happened before the other (the other descends from it). */
    BEFORE,
    /** This clock descends from the other. */
    AFTER,
    /** Same entries. */
    EQUAL,
    /** Neither descends from the other: the versions are concurrent siblings. */
    CONCURRENT
  }

  private static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

  private final TreeMap<String, Long> entries;

  private VectorClock(TreeMap<String, Long> entries) {
    this.entries = entries;
  }

  /** The clock with no events: what a client that has read nothing writes with. */
  public static VectorClock empty() {
    return EMPTY;
  }

  /** A clock with the given entries (each counter must be >= 1). */
  public static VectorClock of(Map<String, Long> entries) {
    TreeMap<String, Long> copy = new TreeMap<>();
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      long c = Objects.requireNonNull(e.getValue(), "counter");
      if (c < 1) {
        throw new IllegalArgumentException("vector clock counter of '" + e.getKey() + "' must be >= 1, got " + c);
      }
      copy.put(Objects.requireNonNull(e.getKey(), "actor"), c);
    }
    return new VectorClock(copy);
  }

  /** The entries, sorted by actor. */
  public SortedMap<String, Long> entries() {
    return Collections.unmodifiableSortedMap(entries);
  }

  /** The actor's counter, 0 if absent. */
  public long get(String actor) {
    Long c = entries.get(actor);
    return c == null ? 0 : c;
  }

  /**
   * This clock with {@code actor}'s entry moved past it: to {@code max(get(actor) + 1,
   * atLeast)}. The result strictly descends from this clock.
   */
  public VectorClock advance(String actor, long atLeast) {
    TreeMap<String, Long> copy = new TreeMap<>(entries);
    copy.put(Objects.requireNonNull(actor, "actor"), Math.max(get(actor) + 1, atLeast));
    return new VectorClock(copy);
  }

  /** The least clock that descends from both (entry-wise maximum). */
  public VectorClock merge(VectorClock other) {
    if (other.entries.isEmpty() || other == this) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    TreeMap<String, Long> copy = new TreeMap<>(entries);
    for (Map.Entry<String, Long> e : other.entries.entrySet()) {
      copy.merge(e.getKey(), e.getValue(), Math::max);
    }
    return new VectorClock(copy);
  }

  /** How this clock relates to {@code other}. */
  public Order compare(VectorClock other) {
    boolean less = false;
    boolean greater = false;
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      long o = other.get(e.getKey());
      if (e.getValue() > o) {
        greater = true;
      } else if (e.getValue() < o) {
        less = true;
      }
    }
    for (Map.Entry<String, Long> e : other.entries.entrySet()) {
      if (!entries.containsKey(e.getKey())) {
        less = true;
      }
    }
    if (less && greater) {
      return Order.CONCURRENT;
    }
    return less ? Order.BEFORE : greater ? Order.AFTER : Order.EQUAL;
  }

  @Override
  public long digest() {
    long h = 0x5eed;
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      h = RingHash.mix(RingHash.mix(h, RingHash.hash64(e.getKey())), e.getValue());
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorClock other && other.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
