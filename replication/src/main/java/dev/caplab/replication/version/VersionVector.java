package dev.caplab.replication.version;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A version vector: for each actor, how many of its events are known, where knowing event {@code
 * k} of an actor means knowing its events {@code 1..k} too. The actors are names (of the node or
 * replica that counts the events); absent actors count 0, and no entry is ever 0, so two vectors
 * that know the same events are equal.
 *
 * <p>Vectors form a join semilattice: {@link #merge} is the entry-wise maximum and {@link
 * #dominates} its order, and {@link #compare} tells happened-before from concurrency. Entries are
 * held in two arrays sorted by actor name (no hashing, no boxing), so vectors iterate, print and
 * compare identically in every run. Operations that change nothing return an input instead of a
 * copy, and a counter update shares the actor array of the vector it came from.
 *
 * <p>Immutable and thread-safe.
 */
public final class VersionVector {

  /** How one vector relates to another. */
  public enum Order {
    /** This vector happened before the other: the other knows everything this one knows, and more. */
    BEFORE,
    /** This vector knows everything the other knows, and more. */
    AFTER,
    /** Same entries. */
    EQUAL,
    /** Each knows an event the other does not: concurrent versions. */
    CONCURRENT
  }

  /** Bit set in {@link #relation} when this vector lacks an event the other knows. */
  private static final int LESS = 1;
  /** Bit set in {@link #relation} when this vector knows an event the other lacks. */
  private static final int GREATER = 2;

  private static final VersionVector EMPTY = new VersionVector(new String[0], new long[0]);

  /** Sorted, distinct; shared between vectors that have the same actors, never written after construction. */
  private final String[] actors;
  /** {@code counters[i] >= 1} is the count of {@code actors[i]}. */
  private final long[] counters;

  private VersionVector(String[] actors, long[] counters) {
    this.actors = actors;
    this.counters = counters;
  }

  /** The vector that knows no event. */
  public static VersionVector empty() {
    return EMPTY;
  }

  /** The vector that knows events {@code 1..counter} of {@code actor} and nothing else. */
  public static VersionVector of(String actor, long counter) {
    requireCounter(actor, counter);
    return new VersionVector(new String[] {requireActor(actor)}, new long[] {counter});
  }

  /** A vector with these entries (each counter at least 1). */
  public static VersionVector of(Map<String, Long> entries) {
    TreeMap<String, Long> sorted = new TreeMap<>();
    for (Map.Entry<String, Long> e : entries.entrySet()) {
      String actor = requireActor(e.getKey());
      long counter = Objects.requireNonNull(e.getValue(), "counter");
      requireCounter(actor, counter);
      sorted.put(actor, counter);
    }
    String[] a = new String[sorted.size()];
    long[] c = new long[sorted.size()];
    int i = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      a[i] = e.getKey();
      c[i++] = e.getValue();
    }
    return i == 0 ? EMPTY : new VersionVector(a, c);
  }

  /** The number of actors with at least one known event. */
  public int size() {
    return actors.length;
  }

  /** Whether no event is known. */
  public boolean isEmpty() {
    return actors.length == 0;
  }

  /**
   * The actor of the {@code index}-th entry in actor order; with {@link #counter(int)}, iteration
   * without allocation.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
   */
  public String actor(int index) {
    return actors[index];
  }

  /**
   * The counter of the {@code index}-th entry in actor order.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
   */
  public long counter(int index) {
    return counters[index];
  }

  /** The entries as a map sorted by actor (a copy). */
  public SortedMap<String, Long> entries() {
    TreeMap<String, Long> m = new TreeMap<>();
    for (int i = 0; i < actors.length; i++) {
      m.put(actors[i], counters[i]);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** The number of events of {@code actor} known, 0 if none. */
  public long get(String actor) {
    int i = indexOf(actor);
    return i >= 0 ? counters[i] : 0;
  }

  /** Whether event (dot) {@code counter} of {@code actor} is known: {@code counter <= get(actor)}. */
  public boolean contains(String actor, long counter) {
    requireCounter(actor, counter);
    return counter <= get(actor);
  }

  /** This vector with one more event of {@code actor}: its counter plus 1. Strictly dominates this vector. */
  public VersionVector increment(String actor) {
    return advance(actor, 0);
  }

  /**
   * This vector with {@code actor}'s counter moved past its current value, to {@code
   * max(get(actor) + 1, atLeast)}: the next event of an actor whose counter is kept elsewhere too
   * (a durable counter, a client's own count). Strictly dominates this vector.
   */
  public VersionVector advance(String actor, long atLeast) {
    int i = indexOf(actor);
    if (i >= 0) {
      long[] c = counters.clone();
      c[i] = Math.max(Math.addExact(c[i], 1), atLeast);
      return new VersionVector(actors, c);
    }
    int at = -(i + 1);
    String[] a = new String[actors.length + 1];
    long[] c = new long[actors.length + 1];
    System.arraycopy(actors, 0, a, 0, at);
    System.arraycopy(counters, 0, c, 0, at);
    a[at] = requireActor(actor);
    c[at] = Math.max(1, atLeast);
    System.arraycopy(actors, at, a, at + 1, actors.length - at);
    System.arraycopy(counters, at, c, at + 1, actors.length - at);
    return new VersionVector(a, c);
  }

  /**
   * The join: the least vector that dominates both, the entry-wise maximum. Returns {@code this}
   * or {@code other} when it already is the join, so merging what is known allocates nothing.
   */
  public VersionVector merge(VersionVector other) {
    if (other == this || other.actors.length == 0) {
      return this;
    }
    if (actors.length == 0) {
      return other;
    }
    int relation = relation(other);
    if ((relation & LESS) == 0) {
      return this;
    }
    if ((relation & GREATER) == 0) {
      return other;
    }
    if (actors == other.actors) {
      long[] c = new long[counters.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = Math.max(counters[i], other.counters[i]);
      }
      return new VersionVector(actors, c);
    }
    String[] a = new String[actors.length + other.actors.length];
    long[] c = new long[a.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < actors.length || j < other.actors.length) {
      int order = i == actors.length ? 1 : j == other.actors.length ? -1 : compareActors(actors[i], other.actors[j]);
      if (order < 0) {
        a[n] = actors[i];
        c[n++] = counters[i++];
      } else if (order > 0) {
        a[n] = other.actors[j];
        c[n++] = other.counters[j++];
      } else {
        a[n] = actors[i];
        c[n++] = Math.max(counters[i++], other.counters[j++]);
      }
    }
    return new VersionVector(n == a.length ? a : Arrays.copyOf(a, n), n == c.length ? c : Arrays.copyOf(c, n));
  }

  /** How this vector relates to {@code other}. */
  public Order compare(VersionVector other) {
    return switch (relation(other)) {
      case 0 -> Order.EQUAL;
      case LESS -> Order.BEFORE;
      case GREATER -> Order.AFTER;
      default -> Order.CONCURRENT;
    };
  }

  /**
   * Whether this vector knows every event {@code other} knows: every entry at least the other's,
   * {@link Order#AFTER} or {@link Order#EQUAL}. A vector dominates itself; {@code a.merge(b)
   * .equals(a)} exactly when {@code a.dominates(b)}.
   */
  public boolean dominates(VersionVector other) {
    if (other == this || other.actors.length == 0) {
      return true;
    }
    if (other.actors.length > actors.length) {
      return false; // other has an actor this vector lacks
    }
    if (actors == other.actors) {
      for (int i = 0; i < counters.length; i++) {
        if (counters[i] < other.counters[i]) {
          return false;
        }
      }
      return true;
    }
    int i = 0;
    for (int j = 0; j < other.actors.length; j++) {
      int order = -1;
      while (i < actors.length && (order = compareActors(actors[i], other.actors[j])) < 0) {
        i++;
      }
      if (order != 0 || counters[i] < other.counters[j]) {
        return false; // absent here (order > 0 or ran off the end), or lower
      }
      i++;
    }
    return true;
  }

  /** {@link #LESS} and {@link #GREATER} bits; stops early once both are set. */
  private int relation(VersionVector other) {
    int relation = 0;
    if (actors == other.actors) {
      for (int i = 0; i < counters.length && relation != (LESS | GREATER); i++) {
        relation |= counters[i] < other.counters[i] ? LESS : counters[i] > other.counters[i] ? GREATER : 0;
      }
      return relation;
    }
    int i = 0;
    int j = 0;
    while ((i < actors.length || j < other.actors.length) && relation != (LESS | GREATER)) {
      int order = i == actors.length ? 1 : j == other.actors.length ? -1 : compareActors(actors[i], other.actors[j]);
      if (order < 0) {
        relation |= GREATER;
        i++;
      } else if (order > 0) {
        relation |= LESS;
        j++;
      } else {
        relation |= counters[i] < other.counters[j] ? LESS : counters[i] > other.counters[j] ? GREATER : 0;
        i++;
        j++;
      }
    }
    return relation;
  }

  private int indexOf(String actor) {
    return Arrays.binarySearch(actors, Objects.requireNonNull(actor, "actor"));
  }

  /** Actor order; actor names usually come from the same few {@code String} objects. */
  private static int compareActors(String a, String b) {
    return a == b ? 0 : a.compareTo(b);
  }

  private static String requireActor(String actor) {
    Objects.requireNonNull(actor, "actor");
    if (actor.isEmpty()) {
      throw new IllegalArgumentException("actor must be a non-empty name, got ''");
    }
    return actor;
  }

  private static void requireCounter(String actor, long counter) {
    if (counter < 1) {
      throw new IllegalArgumentException("counter of actor '" + actor + "' must be >= 1, got " + counter);
    }
  }

  /** Equal when the entries are equal. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof VersionVector v
            && Arrays.equals(counters, v.counters)
            && (actors == v.actors || Arrays.equals(actors, v.actors)));
  }

  /** The hash code of {@link #entries()} as a {@link Map}. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < actors.length; i++) {
      h += actors[i].hashCode() ^ Long.hashCode(counters[i]);
    }
    return h;
  }

  /** The entries in actor order, as a map prints them: {@code {n0=2, n1=1}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < actors.length; i++) {
      b.append(i == 0 ? "" : ", ").append(actors[i]).append('=').append(counters[i]);
    }
    return b.append('}').toString();
  }
}
