package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.crdt.LWWRegister.Mode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegisterTest {

  static final ReplicaId A = ReplicaId.of("a");
  static final ReplicaId B = ReplicaId.of("b");
  static final ReplicaId C = ReplicaId.of("c");

  @Test
  void lwwKeepsTheLaterTimestamp() {
    LWWRegister<String> r = LWWRegister.<String>empty().set(A, 10, "old").set(B, 20, "new");
    assertEquals(Optional.of("new"), r.value());
    assertEquals(Optional.of("new"), r.set(A, 15, "late but older").value(), "an older stamp loses");
  }

  @Test
  void lwwEqualTimestampsResolveByReplicaIdInEveryOrder() {
    LWWRegister<String> a = LWWRegister.<String>empty().set(A, 7, "from a");
    LWWRegister<String> b = LWWRegister.<String>empty().set(B, 7, "from b");
    LWWRegister<String> c = LWWRegister.<String>empty().set(C, 7, "from c");
    for (LWWRegister<String> r : List.of(a.merge(b).merge(c), c.merge(b).merge(a), b.merge(c.merge(a)))) {
      assertEquals(Optional.of("from c"), r.value(), "the greatest replica id wins a tie");
      assertEquals(Optional.of(C), r.writer());
    }
  }

  @Test
  void firstWriteWinsKeepsTheEarliestStamp() {
    LWWRegister<String> r = LWWRegister.<String>empty(Mode.FIRST_WRITER_WINS).set(B, 5, "first");
    assertEquals(Optional.of("first"), r.set(A, 9, "second").value());
    assertEquals(Optional.of("earlier"), r.set(A, 3, "earlier").value());
    LWWRegister<String> tieA = LWWRegister.<String>empty(Mode.FIRST_WRITER_WINS).set(A, 5, "a");
    assertEquals(Optional.of("a"), tieA.merge(r).value(), "on a tie the smaller replica id wins");
    assertEquals(Optional.of("a"), r.merge(tieA).value());
  }

  @Test
  void clearIsAStampedTombstone() {
    LWWRegister<String> r = LWWRegister.<String>empty().set(A, 1, "x").clear(B, 2);
    assertEquals(Optional.empty(), r.value());
    assertTrue(r.isWritten());
    assertEquals(Optional.empty(), r.merge(LWWRegister.<String>empty().set(A, 1, "x")).value(), "no resurrection");
    assertEquals(8 + 1, r.metadataBytes());
  }

  @Test
  void mvRegisterConcurrentWritesBecomeSiblings() {
    MVRegister<String> a = MVRegister.<String>empty().write(A, "blue");
    MVRegister<String> b = MVRegister.<String>empty().write(B, "red");
    MVRegister<String> both = a.merge(b);
    assertEquals(Set.of("blue", "red"), both.value());
    assertTrue(both.hasSiblings());
    assertEquals(List.of("blue", "red"), List.copyOf(both.value()), "siblings in dot order");
  }

  @Test
  void mvRegisterWriteThatSawTheSiblingsReplacesThem() {
    MVRegister<String> both = MVRegister.<String>empty().write(A, "blue").merge(MVRegister.<String>empty().write(B, "red"));
    MVRegister<String> resolved = both.write(C, "purple");
    assertEquals(Set.of("purple"), resolved.value());
    assertEquals(Set.of("purple"), resolved.merge(both).value(), "the replaced siblings do not come back");
    assertFalse(resolved.hasSiblings());
  }

  @Test
  void mvRegisterSequentialWritesOverwrite() {
    MVRegister<String> r = MVRegister.<String>empty().write(A, "1");
    MVRegister<String> s = r.write(B, "2"); // b saw a's write
    assertEquals(Set.of("2"), r.merge(s).value());
    MVRegister<String> t = r.write(A, "3"); // concurrent with s
    assertEquals(Set.of("3", "2"), s.merge(t).value());
  }

  @Test
  void mvRegisterSiblingsComeInDotOrderNotValueOrder() {
    MVRegister<String> r = MVRegister.<String>empty().write(A, "zebra").merge(MVRegister.<String>empty().write(B, "ant"));
    assertEquals(List.of("zebra", "ant"), List.copyOf(r.value()), "a's dot before b's, whatever the values");
    assertEquals(List.copyOf(r.value()), List.copyOf(MVRegister.<String>empty().write(B, "ant")
        .merge(MVRegister.<String>empty().write(A, "zebra")).value()), "the same order whatever the merge order");
  }

  @Test
  void mvRegisterSameValueWrittenConcurrentlyIsOneValue() {
    MVRegister<String> r = MVRegister.<String>empty().write(A, "x").merge(MVRegister.<String>empty().write(B, "x"));
    assertEquals(Set.of("x"), r.value());
    assertEquals(2, r.entries().size());
  }
}
