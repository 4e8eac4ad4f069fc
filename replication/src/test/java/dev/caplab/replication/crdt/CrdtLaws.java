package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The semilattice laws every CRDT must obey, checked on states built by random histories: 3 to 5
 * replicas apply random updates (each also yielding its delta) and merge each other's full states
 * at random. A subclass says how to start and how to make one random update.
 *
 * <p>Each property takes a seed; a failure prints it, and the history replays from it.
 */
abstract class CrdtLaws<T extends Crdt<T, ?>> {

  static final int TRIES = 200;

  /** The initial state of every replica. */
  abstract T empty();

  /**
   * One random update of {@code state} at {@code replica}; {@code timestamp} strictly increases
   * per replica (and collides across replicas, to exercise tie-breaks).
   */
  abstract Update<T> update(T state, ReplicaId replica, long timestamp, SplittableRandom random);

  /** A mutated state and the delta that produces it. */
  record Update<T>(T next, T delta) {}

  /** What a random history left: every state seen, every delta made, each replica's final state. */
  record History<T>(List<T> states, List<T> deltas, List<T> finals, SplittableRandom random) {
    T pick() {
      return states.get(random.nextInt(states.size()));
    }
  }

  History<T> history(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 3 + random.nextInt(3);
    int steps = random.nextInt(60);
    ReplicaId[] ids = new ReplicaId[n];
    List<T> replicas = new ArrayList<>();
    List<BitSet> known = new ArrayList<>();
    long[] clocks = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = ReplicaId.of("r" + i);
      replicas.add(empty());
      known.add(new BitSet());
    }
    List<T> states = new ArrayList<>(List.of(empty()));
    List<T> deltas = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      int i = random.nextInt(n);
      if (random.nextInt(10) < 7) {
        clocks[i] += 1 + random.nextInt(3);
        T before = replicas.get(i);
        Update<T> u = update(before, ids[i], clocks[i], random);
        assertTrue(before.isLessOrEqual(u.next()), () -> "update is not an inflation: " + before + " -> " + u.next());
        assertEquals(u.next(), before.merge(u.delta()), "state.merge(delta) vs mutated state");
        replicas.set(i, u.next());
        known.get(i).set(deltas.size());
        deltas.add(u.delta());
      } else {
        int j = random.nextInt(n);
        replicas.set(i, replicas.get(i).merge(replicas.get(j)));
        known.get(i).or(known.get(j));
      }
      states.add(replicas.get(i));
    }
    for (int i = 0; i < n; i++) { // each replica is exactly the join of the deltas it knows
      T fromDeltas = empty();
      for (int d = known.get(i).nextSetBit(0); d >= 0; d = known.get(i).nextSetBit(d + 1)) {
        fromDeltas = fromDeltas.merge(deltas.get(d));
      }
      assertEquals(replicas.get(i), fromDeltas, "full-state merges vs deltas at replica " + ids[i]);
    }
    return new History<>(states, deltas, replicas, random);
  }

  @Property(tries = TRIES)
  void mergeIsCommutative(@ForAll long seed) {
    History<T> h = history(seed);
    for (int k = 0; k < 5; k++) {
      T a = h.pick();
      T b = h.pick();
      T ab = a.merge(b);
      assertEquals(ab, b.merge(a));
      assertEquals(ab.hashCode(), b.merge(a).hashCode());
    }
  }

  @Property(tries = TRIES)
  void mergeIsAssociative(@ForAll long seed) {
    History<T> h = history(seed);
    for (int k = 0; k < 5; k++) {
      T a = h.pick();
      T b = h.pick();
      T c = h.pick();
      assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
      assertEquals(a.merge(b).merge(c).hashCode(), a.merge(b.merge(c)).hashCode(),
          "equal states, merged in another order, must hash equal");
    }
  }

  /**
   * The distinct states of 100 histories (seeds 0 to 99, so the figure is the same in every run)
   * hash apart: states are kept in hash tables (a store's states by key, a checker's memo of
   * states), and a hash that lumps distinct states together turns every lookup into a scan. Each
   * type states the share of its distinct states that must get distinct hash codes, a little below
   * what its hash achieves today.
   */
  @Example
  void distinctStatesSpreadOverHashCodes() {
    Set<T> states = new HashSet<>(); // correct whatever the hash, only slower
    for (long seed = 0; seed < 100; seed++) {
      states.addAll(history(seed).states());
    }
    Set<Integer> hashes = new HashSet<>();
    for (T s : states) {
      hashes.add(s.hashCode());
    }
    assertTrue(hashes.size() >= minSpread() * states.size(), () -> states.size() + " distinct states share "
        + hashes.size() + " hash codes, fewer than " + minSpread() + " of them");
  }

  /** The share of distinct states that must have distinct hash codes in {@link #distinctStatesSpreadOverHashCodes}. */
  abstract double minSpread();

  @Property(tries = TRIES)
  void mergeIsIdempotent(@ForAll long seed) {
    History<T> h = history(seed);
    for (T s : h.states()) {
      assertEquals(s, s.merge(s));
    }
  }

  /** Updates are checked inside {@link #history}; merges inflate both sides; the order agrees with merge. */
  @Property(tries = TRIES)
  void mergesAreInflationsAndOrderMatchesMerge(@ForAll long seed) {
    History<T> h = history(seed);
    for (int k = 0; k < 5; k++) {
      T a = h.pick();
      T b = h.pick();
      T ab = a.merge(b);
      assertTrue(a.isLessOrEqual(ab), () -> a + " <= " + ab);
      assertTrue(b.isLessOrEqual(ab), () -> b + " <= " + ab);
      assertEquals(ab.equals(b), a.isLessOrEqual(b), () -> a + " <= " + b + " disagrees with merge");
    }
  }

  /** Every delta, merged in any order or merge tree, gives the join of all replicas' final states. */
  @Property(tries = TRIES)
  void anyOrderAndMergeTreeOfDeltasGivesTheSameState(@ForAll long seed) {
    History<T> h = history(seed);
    T all = empty();
    for (T f : h.finals()) {
      all = all.merge(f);
    }
    List<T> shuffled = new ArrayList<>(h.deltas());
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = h.random().nextInt(i + 1);
      T t = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, t);
    }
    T folded = empty();
    for (T d : shuffled) {
      folded = folded.merge(d);
    }
    assertEquals(all, folded, "deltas folded in a random order");
    assertEquals(all, tree(shuffled, h.random()), "deltas in a random merge tree");
  }

  /**
   * A window of consecutive deltas delivered in every order, with the guard a replica uses (merge
   * only what is not already {@code <=} the state): at every step the order must agree with the
   * merge ({@code a <= b} exactly when {@code a.merge(b)} is {@code b}), and every order must end
   * in the join of the window.
   */
  @Property(tries = TRIES / 4)
  void deltasDeliveredInEveryOrderAgreeWithMergeAndConverge(@ForAll long seed) {
    History<T> h = history(seed);
    List<T> deltas = h.deltas();
    int size = Math.min(4, deltas.size());
    int from = h.random().nextInt(deltas.size() - size + 1);
    List<T> window = deltas.subList(from, from + size);
    T join = empty();
    for (T d : window) {
      join = join.merge(d);
    }
    for (List<T> order : permutations(window)) {
      T state = empty();
      for (T d : order) {
        T current = state;
        T merged = current.merge(d);
        assertEquals(merged.equals(current), d.isLessOrEqual(current),
            () -> d + " <= " + current + " disagrees with merge");
        assertEquals(merged.equals(d), current.isLessOrEqual(d),
            () -> current + " <= " + d + " disagrees with merge");
        if (!d.isLessOrEqual(current)) {
          state = merged;
        }
      }
      assertEquals(join, state, "deltas delivered in the order " + order);
    }
  }

  private static <E> List<List<E>> permutations(List<E> items) {
    List<List<E>> out = new ArrayList<>();
    if (items.isEmpty()) {
      out.add(new ArrayList<>());
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      List<E> rest = new ArrayList<>(items);
      E first = rest.remove(i);
      for (List<E> p : permutations(rest)) {
        p.add(0, first);
        out.add(p);
      }
    }
    return out;
  }

  private T tree(List<T> items, SplittableRandom random) {
    if (items.isEmpty()) {
      return empty();
    }
    List<T> level = new ArrayList<>(items);
    while (level.size() > 1) { // merge two random neighbours until one is left
      int i = random.nextInt(level.size() - 1);
      level.set(i, level.get(i).merge(level.remove(i + 1)));
    }
    return level.get(0);
  }

  static int pick(SplittableRandom random, int bound) {
    return random.nextInt(bound);
  }
}
