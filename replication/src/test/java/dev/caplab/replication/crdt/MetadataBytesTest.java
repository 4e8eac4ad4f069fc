package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The metadata estimate of each type, byte for byte, on small states: a replica id costs its
 * name's length, a counter 8 bytes, a dot both, a tombstoned key a reference of 8. The figures
 * are what the tombstone and metadata comparisons in the docs are made of, so a term counted
 * twice, dropped or subtracted must show.
 */
class MetadataBytesTest {

  static final ReplicaId R1 = ReplicaId.of("r1");
  static final ReplicaId R2 = ReplicaId.of("r2");
  /** "r1" or "r2" plus a counter. */
  static final long DOT = 2 + 8;

  @Test
  void dotTypesCountTheirContextAndTheirLiveDots() {
    ORSet<String> set = ORSet.<String>empty().add(R1, "x");
    assertEquals(DOT + DOT, set.metadataBytes(), "context r1:1 and x's dot r1:1");
    assertEquals(DOT + DOT, EWFlag.disabled().enable(R1).metadataBytes());
    assertEquals(DOT + DOT, MVRegister.<String>empty().write(R1, "v").metadataBytes());

    ORSet<String> both = set.merge(ORSet.<String>empty().add(R2, "x"));
    assertEquals(2, both.dotCount(), "two concurrent adds of x");
    assertEquals(2 * DOT + 2 * DOT, both.metadataBytes());
    assertEquals(DOT, set.remove("x").metadataBytes(), "a removed element leaves only the context");
    assertEquals(0, set.remove("x").dotCount());
  }

  /** A delta whose dot does not continue its context's vector carries it in the context's cloud. */
  @Test
  void aContextCloudCountsItsDots() {
    ORSet<String> state = ORSet.<String>empty().add(R1, "y");
    ORSet<String> delta = state.addDelta(R1, "x"); // dot r1:2, seen alone: cloud {r1:2}
    assertEquals(DOT + DOT, delta.metadataBytes());
  }

  @Test
  void countersCountOneEntryPerReplicaAndSide() {
    PNCounter c = PNCounter.zero().increment(R1, 5).decrement(R2, 2);
    assertEquals(DOT + DOT, c.metadataBytes());
    assertEquals(Map.of(R1, 5L), c.increments().counts());
    assertEquals(Map.of(R2, 2L), c.decrements().counts());
  }

  @Test
  void anOrMapCountsKeysValuesAndAReferencePerTombstonedKey() {
    ORMap<String, GCounter> map = ORMap.<String, GCounter>empty(GCounter.zero())
        .update(R1, "k", g -> g.increment(R1, 1));
    assertEquals(DOT + DOT + DOT, map.metadataBytes(), "key context, key dot, the counter's entry");
    assertEquals(DOT + DOT + Metadata.REFERENCE_BYTES, map.remove("k").metadataBytes(),
        "key context, the counter kept as a tombstone, its reference");
  }

  @Test
  void accessorsReportWhatWasBuilt() {
    LWWRegister<String> r = LWWRegister.<String>empty(LWWRegister.Mode.FIRST_WRITER_WINS).set(R1, 7, "v");
    assertEquals(LWWRegister.Mode.FIRST_WRITER_WINS, r.mode());
    assertEquals(OptionalLong.of(7), r.timestamp());
    assertEquals(ReplicaId.of("n1"), ReplicaId.of(new NodeId("n1", 0)));

    Comparator<String> reverse = Comparator.reverseOrder();
    assertEquals(List.of("b", "a"), List.copyOf(ORSet.empty(reverse).add(R1, "a").add(R1, "b").value()));
    TwoPhaseSet<String> twoPhase = TwoPhaseSet.empty(reverse).add("a").add("b");
    assertEquals(List.of("b", "a"), List.copyOf(twoPhase.value()));
    assertTrue(EWFlag.disabled().enable(R1).value());
    assertFalse(EWFlag.disabled().enable(R1).disable().value());
  }
}
