package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ORSetTest {

  static final ReplicaId R1 = ReplicaId.of("r1");
  static final ReplicaId R2 = ReplicaId.of("r2");
  static final ReplicaId R3 = ReplicaId.of("r3");

  @Test
  void concurrentAddWinsOverRemove() {
    ORSet<String> base = ORSet.<String>empty().add(R1, "milk");
    ORSet<String> removed = base.remove("milk"); // r2 removes the add it saw
    ORSet<String> readded = base.add(R3, "milk"); // r3 adds again without seeing the remove

    ORSet<String> merged = removed.merge(readded);

    assertTrue(merged.contains("milk"));
    assertEquals(List.of(new Dot(R3, 1)), merged.dots("milk"), "only r3's unobserved add survives");
    assertEquals(merged, readded.merge(removed));
  }

  @Test
  void removeRemovesOnlyTheAddsItObserved() {
    ORSet<String> a = ORSet.<String>empty().add(R1, "eggs");
    ORSet<String> b = ORSet.<String>empty().add(R2, "eggs"); // concurrent add of the same element

    ORSet<String> aRemoved = a.remove("eggs"); // saw r1's add only
    ORSet<String> merged = aRemoved.merge(b);

    assertEquals(Set.of("eggs"), merged.value());
    assertEquals(List.of(new Dot(R2, 1)), merged.dots("eggs"));
    ORSet<String> bothSeen = a.merge(b).remove("eggs"); // saw both adds
    assertFalse(bothSeen.merge(a).merge(b).contains("eggs"));
  }

  @Test
  void removeAfterSeeingTheAddWinsEverywhere() {
    ORSet<String> a = ORSet.<String>empty().add(R1, "x").add(R1, "y");
    ORSet<String> b = a.remove("x");
    assertEquals(Set.of("y"), a.merge(b).value());
    assertEquals(Set.of("y"), b.merge(a).value());
  }

  @Test
  void concurrentAddsKeepOneDotPerAdderUntilReAdded() {
    ORSet<String> a = ORSet.<String>empty().add(R1, "x");
    ORSet<String> b = ORSet.<String>empty().add(R2, "x");
    ORSet<String> merged = a.merge(b);
    assertEquals(2, merged.dots("x").size());
    assertEquals(List.of(new Dot(R1, 2)), merged.add(R1, "x").dots("x"), "an add replaces the dots it saw");
  }

  @Test
  void removedElementsLeaveNoPayload() {
    ORSet<Integer> s = ORSet.empty();
    for (int i = 0; i < 1_000; i++) {
      s = s.add(R1, i);
    }
    for (int i = 0; i < 1_000; i++) {
      s = s.remove(i);
    }
    assertTrue(s.value().isEmpty());
    assertEquals(Metadata.replica(R1) + Metadata.COUNTER_BYTES, s.metadataBytes(), "one version-vector entry");
  }

  @Test
  void valueIsSortedAndUnmodifiableView() {
    ORSet<String> s = ORSet.<String>empty().add(R1, "b").add(R1, "a").add(R2, "c");
    assertEquals(List.of("a", "b", "c"), List.copyOf(s.value()));
    assertTrue(s.value().contains("a"));
    assertFalse(s.value().contains("z"));
  }

  /** With one replica the ORSet is a set: same answers as {@link TreeSet} after every operation. */
  @Property(tries = 300)
  void singleReplicaBehavesLikeASet(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int ops) {
    SplittableRandom random = new SplittableRandom(seed);
    ORSet<Integer> set = ORSet.empty();
    TreeSet<Integer> model = new TreeSet<>();
    for (int i = 0; i < ops; i++) {
      int e = random.nextInt(20);
      if (random.nextInt(3) == 0) {
        set = random.nextBoolean() ? set.remove(e) : set.merge(set.removeDelta(e));
        model.remove(e);
      } else {
        set = random.nextBoolean() ? set.add(R1, e) : set.merge(set.addDelta(R1, e));
        model.add(e);
      }
      assertEquals(model, set.value(), "after op " + i);
      assertEquals(model.contains(e), set.contains(e));
      assertEquals(model.size(), set.size());
    }
  }

  /**
   * With several replicas that sync (full state or delta) after every operation, so no two
   * operations are concurrent, every replica behaves like one {@link TreeSet}.
   */
  @Property(tries = 300)
  void sequentiallySyncedReplicasBehaveLikeASet(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int ops) {
    SplittableRandom random = new SplittableRandom(seed);
    ReplicaId[] ids = {R1, R2, R3, ReplicaId.of("r4")};
    @SuppressWarnings("unchecked")
    ORSet<Integer>[] replicas = new ORSet[ids.length];
    java.util.Arrays.fill(replicas, ORSet.<Integer>empty());
    TreeSet<Integer> model = new TreeSet<>();
    for (int i = 0; i < ops; i++) {
      int at = random.nextInt(ids.length);
      int e = random.nextInt(20);
      ORSet<Integer> delta;
      if (random.nextInt(3) == 0) {
        delta = replicas[at].removeDelta(e);
        model.remove(e);
      } else {
        delta = replicas[at].addDelta(ids[at], e);
        model.add(e);
      }
      boolean shipDeltas = random.nextBoolean();
      ORSet<Integer> updated = replicas[at].merge(delta);
      for (int r = 0; r < ids.length; r++) {
        replicas[r] = shipDeltas ? replicas[r].merge(delta) : replicas[r].merge(updated);
        assertEquals(model, replicas[r].value(), "replica " + ids[r] + " after op " + i);
      }
    }
  }
}
