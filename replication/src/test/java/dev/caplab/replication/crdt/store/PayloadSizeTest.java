package dev.caplab.replication.crdt.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.replication.crdt.GCounter;
import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.ReplicaId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The payload estimate behind the gossip byte counts, rule by rule: a string its length, a number
 * 8, a boolean 1, an optional what it holds, collections and maps the sum of their parts, a nested
 * CRDT its value and metadata, anything else a reference of 8. The delta-versus-full-state figures
 * of the scenarios are sums of these.
 */
class PayloadSizeTest {

  static final ReplicaId A = ReplicaId.of("a");

  @Test
  void scalarsCostTheirEncodedSize() {
    assertEquals(0, PayloadSize.estimate(null));
    assertEquals(5, PayloadSize.estimate("apple"));
    assertEquals(0, PayloadSize.estimate(""));
    assertEquals(8, PayloadSize.estimate(42L));
    assertEquals(8, PayloadSize.estimate(1.5));
    assertEquals(1, PayloadSize.estimate(true));
    assertEquals(8, PayloadSize.estimate(new Object()), "anything else: a reference");
  }

  @Test
  void containersCostTheSumOfTheirParts() {
    assertEquals(0, PayloadSize.estimate(Optional.empty()));
    assertEquals(3, PayloadSize.estimate(Optional.of("tea")));
    assertEquals(3 + 4 + 1, PayloadSize.estimate(List.of("tea", "milk", "x")));
    assertEquals(0, PayloadSize.estimate(Set.of()));
    assertEquals((3 + 8) + (4 + 1), PayloadSize.estimate(Map.of("tea", 2L, "milk", true)));
  }

  /** A nested CRDT costs its value and its metadata; so does a state shipped whole. */
  @Test
  void aCrdtCostsItsValueAndItsMetadata() {
    ORSet<String> set = ORSet.<String>empty().add(A, "milk");
    long metadata = 2 * (1 + 8); // context a:1..1 and milk's dot a:1: name "a" and a counter each
    assertEquals(metadata, set.metadataBytes());
    assertEquals(4 + metadata, PayloadSize.of(set));
    assertEquals(4 + metadata, PayloadSize.estimate(set));
    assertEquals(3 + (4 + metadata), PayloadSize.estimate(Map.of("key", set)));

    GCounter counter = GCounter.zero().increment(A, 7);
    assertEquals(8 + (1 + 8), PayloadSize.of(counter));
    LWWRegister<String> register = LWWRegister.<String>empty().set(A, 5, "x");
    assertEquals(1 + (8 + 1), PayloadSize.of(register));
  }
}
