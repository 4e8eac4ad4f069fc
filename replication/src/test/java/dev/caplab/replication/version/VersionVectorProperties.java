package dev.caplab.replication.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.version.VersionVector.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The join-semilattice laws of {@link VersionVector}, and its agreement with a plain sorted-map
 * model, on vectors that collide often: a few actors, small counters, and both vectors that share
 * their actor array (descendants of one ancestor by counter updates) and vectors that do not
 * (rebuilt from entries, or given new actors). Each property takes a seed; a failure prints it.
 */
class VersionVectorProperties {

  private static final String[] ACTORS = {"a", "b", "c", "n0", "n10", "n2"};
  private static final int TRIES = 500;

  /** Three vectors: random descendants of a random common ancestor. */
  private static List<VersionVector> family(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    VersionVector ancestor = random(random);
    List<VersionVector> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      VersionVector v = random.nextInt(4) == 0 ? random(random) : ancestor;
      for (int steps = random.nextInt(4); steps > 0; steps--) {
        String actor = ACTORS[random.nextInt(ACTORS.length)];
        v = switch (random.nextInt(3)) {
          case 0 -> v.increment(actor);
          case 1 -> v.advance(actor, random.nextInt(6));
          default -> VersionVector.of(v.entries()); // same entries, a fresh actor array
        };
      }
      out.add(v);
    }
    return out;
  }

  private static VersionVector random(SplittableRandom random) {
    Map<String, Long> entries = new TreeMap<>();
    for (String actor : ACTORS) {
      if (random.nextInt(3) == 0) {
        entries.put(actor, 1L + random.nextInt(3));
      }
    }
    return VersionVector.of(entries);
  }

  /** The model's order: entry-wise comparison of the sorted maps, absent counting 0. */
  private static Order modelOrder(VersionVector x, VersionVector y) {
    boolean less = false;
    boolean greater = false;
    for (String actor : ACTORS) {
      long a = x.entries().getOrDefault(actor, 0L);
      long b = y.entries().getOrDefault(actor, 0L);
      less |= a < b;
      greater |= a > b;
    }
    return less && greater ? Order.CONCURRENT : less ? Order.BEFORE : greater ? Order.AFTER : Order.EQUAL;
  }

  @Property(tries = TRIES)
  void mergeIsCommutative(@ForAll long seed) {
    List<VersionVector> f = family(seed);
    assertEquals(f.get(0).merge(f.get(1)), f.get(1).merge(f.get(0)), "seed " + seed);
  }

  @Property(tries = TRIES)
  void mergeIsAssociative(@ForAll long seed) {
    List<VersionVector> f = family(seed);
    VersionVector a = f.get(0);
    VersionVector b = f.get(1);
    VersionVector c = f.get(2);
    assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)), "seed " + seed);
  }

  @Property(tries = TRIES)
  void mergeIsIdempotent(@ForAll long seed) {
    VersionVector a = family(seed).get(0);
    assertEquals(a, a.merge(a), "seed " + seed);
    assertEquals(a, a.merge(VersionVector.of(a.entries())), "seed " + seed + ": an equal copy");
  }

  @Property(tries = TRIES)
  void mergeIsTheEntryWiseMaximum(@ForAll long seed) {
    List<VersionVector> f = family(seed);
    TreeMap<String, Long> max = new TreeMap<>(f.get(0).entries());
    f.get(1).entries().forEach((actor, counter) -> max.merge(actor, counter, Math::max));
    assertEquals(max, f.get(0).merge(f.get(1)).entries(), "seed " + seed);
  }

  @Property(tries = TRIES)
  void compareIsConsistentWithMerge(@ForAll long seed) {
    List<VersionVector> f = family(seed);
    VersionVector a = f.get(0);
    VersionVector b = f.get(1);
    Order order = a.compare(b);
    String at = "seed " + seed + ": " + a + " vs " + b;
    boolean atMost = order == Order.BEFORE || order == Order.EQUAL;
    assertEquals(atMost, a.merge(b).equals(b), at + ": a <= b iff merge(a, b) == b");
    assertEquals(atMost, b.dominates(a), at + ": b dominates a iff a <= b");
    assertEquals(order == Order.EQUAL, a.equals(b), at);
    assertEquals(modelOrder(a, b), order, at);
  }

  @Property(tries = TRIES)
  void compareIsAntisymmetric(@ForAll long seed) {
    List<VersionVector> f = family(seed);
    Order ab = f.get(0).compare(f.get(1));
    Order ba = f.get(1).compare(f.get(0));
    Order mirrored = ab == Order.BEFORE ? Order.AFTER : ab == Order.AFTER ? Order.BEFORE : ab;
    assertEquals(mirrored, ba, "seed " + seed);
  }

  @Property(tries = TRIES)
  void incrementStrictlyDominates(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    VersionVector a = family(seed).get(0);
    String actor = ACTORS[random.nextInt(ACTORS.length)];
    for (VersionVector next : List.of(a.increment(actor), a.advance(actor, random.nextInt(6)))) {
      String at = "seed " + seed + ": " + a + " -> " + next;
      assertEquals(Order.AFTER, next.compare(a), at);
      assertEquals(Order.BEFORE, a.compare(next), at);
      assertTrue(next.dominates(a) && !a.dominates(next), at);
      assertTrue(next.contains(actor, a.get(actor) + 1) && !a.contains(actor, a.get(actor) + 1), at);
    }
  }

  @Property(tries = TRIES)
  void equalVectorsLookTheSameHoweverBuilt(@ForAll long seed) {
    VersionVector a = family(seed).get(0);
    VersionVector copy = VersionVector.of(new TreeMap<>(a.entries()).descendingMap());
    assertEquals(a, copy, "seed " + seed);
    assertEquals(a.hashCode(), copy.hashCode(), "seed " + seed);
    assertEquals(a.entries().hashCode(), a.hashCode(), "seed " + seed + ": the hash code of the entries map");
    assertEquals(a.entries().toString(), a.toString(), "seed " + seed + ": printed as the sorted entries map");
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.actor(i - 1).compareTo(a.actor(i)) < 0, "seed " + seed + ": actors sorted in " + a);
    }
  }
}
