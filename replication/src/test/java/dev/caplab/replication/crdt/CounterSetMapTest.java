package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterSetMapTest {

  static final ReplicaId A = ReplicaId.of("a");
  static final ReplicaId B = ReplicaId.of("b");

  @Test
  void gCounterSumsReplicasAndMergesByMaximum() {
    GCounter a = GCounter.zero().increment(A, 3);
    GCounter b = GCounter.zero().increment(B, 4);
    assertEquals(7L, a.merge(b).value());
    assertEquals(7L, a.merge(b).merge(a).value(), "idempotent: no double counting");
    assertEquals(Map.of(A, 3L, B, 4L), a.merge(b).counts());
    assertEquals(2 * (1 + 8), a.merge(b).metadataBytes());
  }

  @Test
  void pnCounterGoesDown() {
    PNCounter a = PNCounter.zero().increment(A, 5).decrement(A, 2);
    PNCounter b = PNCounter.zero().decrement(B, 4);
    assertEquals(-1L, a.merge(b).value());
    assertEquals(-1L, a.merge(b.decrementDelta(B, 0)).merge(b).value());
  }

  @Test
  void pnCounterValueFitsEvenWhenItsIncrementsOverflowOnTheWay() {
    PNCounter c = PNCounter.zero().increment(A, Long.MAX_VALUE).increment(B, 1).decrement(B, 1);
    assertEquals(Long.MAX_VALUE, c.value());
    PNCounter down = PNCounter.zero().decrement(A, Long.MAX_VALUE).decrement(B, 2).increment(B, 1);
    assertEquals(Long.MIN_VALUE, down.value());
  }

  @Test
  void pnCounterValueThatDoesNotFitIsAnArithmeticException() {
    PNCounter c = PNCounter.zero().increment(A, Long.MAX_VALUE).increment(B, 1);
    ArithmeticException e = assertThrows(ArithmeticException.class, c::value);
    assertEquals("PNCounter.value: 9223372036854775808 overflows a long", e.getMessage());
  }

  @Test
  void twoPhaseSetRemovesForEver() {
    TwoPhaseSet<String> s = TwoPhaseSet.<String>empty().add("x").add("y").remove("x");
    assertEquals(Set.of("y"), s.value());
    assertFalse(s.add("x").contains("x"), "a removed element never comes back");
    assertEquals(Set.of("x"), s.removed());
    assertEquals(8, s.metadataBytes(), "one tombstone");
  }

  @Test
  void enableWinsOverConcurrentDisable() {
    EWFlag on = EWFlag.disabled().enable(A);
    EWFlag off = on.disable();
    EWFlag onAgain = on.enable(B);
    assertTrue(off.merge(onAgain).isEnabled());
    assertFalse(off.merge(on).isEnabled(), "the disable saw that enable");
  }

  @Test
  void lwwMapTombstonesBlockOlderPuts() {
    LWWMap<String, Integer> m = LWWMap.<String, Integer>empty().put(A, 1, "k", 1).put(B, 2, "j", 2);
    LWWMap<String, Integer> removed = m.remove(A, 3, "k");
    assertEquals(Map.of("j", 2), removed.value());
    assertEquals(Map.of("j", 2), removed.merge(LWWMap.<String, Integer>empty().put(B, 2, "k", 9)).value());
    assertEquals(Optional.of(9), removed.put(B, 4, "k", 9).get("k"));
    assertEquals((8 + 1) + (8 + 1) + 8, removed.metadataBytes(), "two stamps and one tombstone");
  }

  @Test
  void orMapMergesValuesRecursivelyAndRemovesObservedKeys() {
    ORMap<String, PNCounter> a = ORMap.<String, PNCounter>empty(PNCounter.zero())
        .update(A, "apples", c -> c.increment(A, 3));
    ORMap<String, PNCounter> b = a.update(B, "apples", c -> c.incrementDelta(B, 2))
        .update(B, "pears", c -> c.increment(B, 1));
    ORMap<String, PNCounter> merged = a.merge(b);
    assertEquals(Optional.of(5L), merged.get("apples").map(PNCounter::value));
    assertEquals(Set.of("apples", "pears"), merged.value().keySet());

    ORMap<String, PNCounter> removed = merged.remove("pears");
    ORMap<String, PNCounter> concurrent = b.update(A, "pears", c -> c.increment(A, 1));
    assertTrue(removed.merge(concurrent).containsKey("pears"), "an update concurrent with a remove wins");
    assertFalse(removed.merge(b).containsKey("pears"), "the remove saw b's update");
  }
}
