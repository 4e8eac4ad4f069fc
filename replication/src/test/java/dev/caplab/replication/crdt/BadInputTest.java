package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Wrong types, conflicting replica identities and bad amounts fail fast with messages naming them. */
class BadInputTest {

  static final ReplicaId A = ReplicaId.of("a");
  static final ReplicaId B = ReplicaId.of("b");

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void mergingDifferentTypesThroughARawCall() {
    Crdt raw = GCounter.zero();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.merge(PNCounter.zero()));
    assertEquals("cannot merge GCounter with PNCounter", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> raw.isLessOrEqual(ORSet.<String>empty()));
    assertEquals("cannot compare GCounter with ORSet", e.getMessage());
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void mergingNestedValuesOfDifferentTypes() {
    ORMap counters = ORMap.<String, GCounter>empty(GCounter.zero()).update(A, "k", c -> c.increment(A, 1));
    ORMap flags = ORMap.<String, EWFlag>empty(EWFlag.disabled()).update(B, "k", f -> f.enable(B));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counters.merge(flags));
    assertEquals("cannot merge GCounter with EWFlag", e.getMessage());
  }

  @Test
  void mergingLwwRegistersOfDifferentModes() {
    LWWRegister<String> lww = LWWRegister.<String>empty().set(A, 1, "x");
    LWWRegister<String> fww = LWWRegister.<String>empty(LWWRegister.Mode.FIRST_WRITER_WINS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lww.merge(fww));
    assertEquals("cannot merge LWWRegister(LAST_WRITER_WINS) with LWWRegister(FIRST_WRITER_WINS)", e.getMessage());
  }

  @Test
  void negativeIncrements() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GCounter.zero().increment(A, -3));
    assertEquals("GCounter.increment: amount must be >= 0, got -3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GCounter.zero().incrementDelta(A, -1));
    assertEquals("GCounter.incrementDelta: amount must be >= 0, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PNCounter.zero().decrement(A, -2));
    assertEquals("PNCounter.decrement: amount must be >= 0, got -2", e.getMessage());
  }

  @Test
  void nullSetElementsAreNamedElement() {
    ORSet<String> set = ORSet.<String>empty();
    assertEquals("element", assertThrows(NullPointerException.class, () -> set.add(A, null)).getMessage());
    assertEquals("element", assertThrows(NullPointerException.class, () -> set.addDelta(A, null)).getMessage());
    assertEquals("element", assertThrows(NullPointerException.class, () -> set.contains(null)).getMessage());
    assertEquals("element", assertThrows(NullPointerException.class, () -> set.remove(null)).getMessage());
  }

  @Test
  void lwwSameStampDifferentValues() {
    LWWRegister<String> one = LWWRegister.<String>empty().set(A, 5, "x");
    LWWRegister<String> two = LWWRegister.<String>empty().set(A, 5, "y");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> one.merge(two));
    assertEquals("LWWRegister.merge: replica a wrote two different values at timestamp 5: x and y", e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> LWWMap.<String, Integer>empty().put(A, 5, "k", 1).merge(LWWMap.<String, Integer>empty().put(A, 5, "k", 2)));
  }

  @Test
  void twoStatesClaimingOneDot() {
    // two processes wrongly share replica id "a": both create dot a:1
    MVRegister<String> one = MVRegister.<String>empty().write(A, "x");
    MVRegister<String> two = MVRegister.<String>empty().write(A, "y");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> one.merge(two));
    assertEquals("MVRegister.merge: dot a:1 holds two different values: x and y", e.getMessage());

    ORSet<String> s1 = ORSet.<String>empty().add(A, "x");
    ORSet<String> s2 = ORSet.<String>empty().add(A, "y");
    e = assertThrows(IllegalStateException.class, () -> s1.merge(s2));
    assertEquals("ORSet.merge: dot a:1 is claimed by two different keys: x and y", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> s2.merge(s1));
    assertEquals("ORSet.merge: dot a:1 is claimed by two different keys: y and x", e.getMessage());
  }

  @Test
  void invalidValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicaId.of("no spaces"));
    assertEquals("replica id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got 'no spaces'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Dot(A, 0));
    assertEquals("dot counter must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TwoPhaseSet.<String>empty().remove("ghost"));
    assertEquals("TwoPhaseSet.remove: element ghost was never added here; a 2P-set removes only added elements", e.getMessage());
    assertThrows(NullPointerException.class, () -> ORSet.<String>empty().add(A, null));
  }
}
