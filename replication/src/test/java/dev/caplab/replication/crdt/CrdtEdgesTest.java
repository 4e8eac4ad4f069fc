package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Decisions of the CRDT types that the semilattice laws cannot see, because every state the laws
 * build is well formed: comparing registers of different modes, what an unwritten register
 * reports, the message of a stamp claimed by two values, which operation a bad amount names, and
 * membership in a two-phase set.
 */
class CrdtEdgesTest {

  static final ReplicaId A = ReplicaId.of("a");

  @Test
  void comparingLwwRegistersOfDifferentModesIsRefusedLikeMergingThem() {
    LWWRegister<String> lww = LWWRegister.<String>empty().set(A, 1, "x");
    LWWRegister<String> fww = LWWRegister.<String>empty(LWWRegister.Mode.FIRST_WRITER_WINS).set(A, 1, "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lww.isLessOrEqual(fww));
    assertEquals("cannot compare LWWRegister(LAST_WRITER_WINS) with LWWRegister(FIRST_WRITER_WINS)", e.getMessage());
  }

  @Test
  void anUnwrittenRegisterSaysSo() {
    LWWRegister<String> r = LWWRegister.empty();
    assertFalse(r.isWritten());
    assertEquals(OptionalLong.empty(), r.timestamp());
    assertEquals(Optional.empty(), r.writer());
    assertEquals(0, r.metadataBytes());
  }

  @Test
  void aStampClaimedByAValueAndAClearNamesBoth() {
    LWWRegister<String> set = LWWRegister.<String>empty().set(A, 7, "x");
    LWWRegister<String> cleared = LWWRegister.<String>empty().clear(A, 7);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.merge(cleared));
    assertEquals("LWWRegister.merge: replica a wrote two different values at timestamp 7: x and (cleared)",
        e.getMessage());
  }

  /** A negative amount is refused by the operation the caller used, not by the counter inside. */
  @Test
  void aNegativePnCounterAmountNamesThePnCounterOperation() {
    PNCounter c = PNCounter.zero();
    assertEquals("PNCounter.increment: amount must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> c.increment(A, -1)).getMessage());
    assertEquals("PNCounter.incrementDelta: amount must be >= 0, got -2",
        assertThrows(IllegalArgumentException.class, () -> c.incrementDelta(A, -2)).getMessage());
    assertEquals("PNCounter.decrement: amount must be >= 0, got -3",
        assertThrows(IllegalArgumentException.class, () -> c.decrement(A, -3)).getMessage());
    assertEquals("PNCounter.decrementDelta: amount must be >= 0, got -4",
        assertThrows(IllegalArgumentException.class, () -> c.decrementDelta(A, -4)).getMessage());
  }

  @Test
  void aTwoPhaseSetContainsAnAddedElementUntilItIsRemovedForEver() {
    TwoPhaseSet<String> added = TwoPhaseSet.<String>empty().add("x");
    assertTrue(added.contains("x"));
    assertFalse(added.contains("y"));
    TwoPhaseSet<String> removed = added.remove("x");
    assertFalse(removed.contains("x"));
    assertFalse(removed.add("x").contains("x"), "a removed element never comes back");
    assertFalse(added.merge(added.removeDelta("x")).contains("x"));
  }

  @Test
  void aTwoPhaseSetRemoveDeltaNeedsAnAddedElementToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TwoPhaseSet.<String>empty().add("x").removeDelta("y"));
    assertEquals("TwoPhaseSet.removeDelta: element y was never added here; a 2P-set removes only added elements",
        e.getMessage());
  }

  /** The set view answers a question about null or a foreign type with false, as a set of them should. */
  @Test
  @SuppressWarnings("CollectionIncompatibleType")
  void anOrSetViewDoesNotContainNullOrAForeignType() {
    Set<String> view = ORSet.<String>empty().add(A, "x").value();
    assertTrue(view.contains("x"));
    assertFalse(view.contains(null));
    assertFalse(view.contains(42));
  }

  /** Its iterator keeps the iterator contract: past the last element, NoSuchElementException. */
  @Test
  void anOrSetViewIteratorEndsWithNoSuchElement() {
    Iterator<String> it = ORSet.<String>empty().add(A, "x").add(A, "y").value().iterator();
    assertEquals("x", it.next());
    assertEquals("y", it.next());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  /** A type clash names the other side by its full type name, a register's mode included. */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aTypeClashNamesARegistersMode() {
    Crdt raw = GCounter.zero();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> raw.merge(LWWRegister.empty(LWWRegister.Mode.FIRST_WRITER_WINS)));
    assertEquals("cannot merge GCounter with LWWRegister(FIRST_WRITER_WINS)", e.getMessage());
  }
}
