package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LWW orders writes by the coordinators' local clocks, so a coordinator whose clock runs ahead
 * makes an earlier write beat a later one, silently; vector clocks keep both as siblings.
 */
class VersioningTest {

  private static final ReadOptions READ_ALL = ReadOptions.of(Consistency.ALL);
  private static final WriteOptions WRITE_ALL = WriteOptions.of(Consistency.ALL);

  /** Client 0 writes "early" through n0 (clock 1 s ahead), client 1 writes "late" 100 ms later through n1. */
  private static Fixture skewedWrites(Versioning versioning) {
    QuorumConfig config = Fixture.quiet().versioning(versioning).build();
    Fixture f = new Fixture(3, 3, 2, config, Fixture.constantMs(1), b -> b.resolver(SiblingResolver.maxValue()));
    NodeId n0 = f.store.storeNodes().get(0);
    f.cluster.setClockOffset(n0, Duration.ofSeconds(1));
    assertTrue(f.write(0, "x", "early", WRITE_ALL).ok());
    f.sim.runFor(Duration.ofMillis(100));
    QuorumResult late = f.write(1, "x", "late", WRITE_ALL);
    assertTrue(late.ok(), "the later write is acknowledged: " + late);
    return f;
  }

  @Test
  void lwwWithASkewedClockSilentlyLosesTheLaterWrite() {
    Fixture f = skewedWrites(Versioning.LWW);
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertEquals("early", read.value(), "the write 100 ms later by true time lost to the fast clock");
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(List.of("early"), f.store.replicaState(n, "x").values(), "replica " + n);
    }
  }

  @Test
  void lwwWithoutSkewKeepsTheLaterWrite() {
    QuorumConfig config = Fixture.quiet().build();
    Fixture f = new Fixture(3, 3, 2, config, Fixture.constantMs(1));
    f.write(0, "x", "early", WRITE_ALL);
    f.sim.runFor(Duration.ofMillis(100));
    f.write(1, "x", "late", WRITE_ALL);
    assertEquals("late", ((ReadOk) f.read(0, "x", READ_ALL)).value());
  }

  @Test
  void vectorClocksKeepBothWritesAsSiblings() {
    Fixture f = skewedWrites(Versioning.VECTOR);
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertTrue(read.siblings().hasConflict());
    assertEquals(List.of("early", "late"), read.values().stream().sorted().toList());
    assertEquals("late", read.value(SiblingResolver.maxValue()));
    // The history records the resolved value.
    List<Op> events = f.history().events();
    assertEquals("late", events.get(events.size() - 1).value());
    // Writing with the read's context supersedes both siblings.
    assertTrue(f.write(0, "x", "merged", WRITE_ALL).ok());
    ReadOk after = (ReadOk) f.read(1, "x", READ_ALL);
    assertFalse(after.siblings().hasConflict());
    assertEquals("merged", after.value());
  }

  @Test
  void aClientsSequentialWritesSupersedeEachOther() {
    Fixture f = new Fixture(3, 3, 1, Fixture.quiet().versioning(Versioning.VECTOR).build(), Fixture.constantMs(1));
    f.write(0, "x", "a", WRITE_ALL);
    f.write(0, "x", "b", WRITE_ALL);
    assertEquals("b", ((ReadOk) f.read(0, "x", READ_ALL)).value());
  }

  @Test
  void aRestartedClientsWriteIsNotMistakenForItsEarlierOne() {
    Fixture f = new Fixture(3, 3, 1, Fixture.quiet().versioning(Versioning.VECTOR).build(), Fixture.constantMs(1));
    assertTrue(f.write(0, "x", "before", WRITE_ALL).ok());
    NodeId client = f.store.clientIds().get(0);
    f.cluster.crash(client);
    f.cluster.restart(client);
    f.sim.runFor(Duration.ofMillis(1));
    QuorumResult after = f.write(0, "x", "after", WRITE_ALL);
    assertTrue(after.ok(), after::toString);
    // The client's entry orders its own writes, across a restart as without one: the acknowledged
    // later write supersedes the earlier one instead of being taken for it and dropped.
    assertEquals("after", ((ReadOk) f.read(0, "x", READ_ALL)).value());
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(List.of("after"), f.store.replicaState(n, "x").values(), "replica " + n);
    }
  }

  @Test
  void vectorClockOrder() {
    VersionVector a = VersionVector.empty().advance("c0", 1);
    VersionVector b = a.advance("c1", 1);
    VersionVector c = a.advance("c0", 5);
    assertEquals(VersionVector.Order.BEFORE, a.compare(b));
    assertEquals(VersionVector.Order.AFTER, b.compare(a));
    assertEquals(VersionVector.Order.CONCURRENT, b.compare(c));
    assertEquals(VersionVector.Order.EQUAL, b.compare(VersionVector.of(b.entries())));
    assertEquals(VersionVector.Order.AFTER, b.merge(c).compare(c));
    Siblings s1 = Siblings.of(new Versioned("b", new VectorClock(b)));
    Siblings s2 = Siblings.of(new Versioned("c", new VectorClock(c)));
    Siblings both = Siblings.merge(s1, s2);
    assertEquals(2, both.versions().size());
    assertEquals(both, Siblings.merge(s2, s1), "merge is commutative, with a canonical order");
    assertEquals(both, Siblings.merge(both, s1), "and idempotent");
    Siblings top = Siblings.of(new Versioned("d", new VectorClock(both.context().advance("c2", 1))));
    assertEquals(top, Siblings.merge(both, top), "a version written with the siblings' context supersedes them");
  }

  /** Merkle trees and the canonical sibling order hash versions: their digests must not drift. */
  @Test
  void versionDigestsAndPrintedFormsStayFixed() {
    VectorClock clock = new VectorClock(VersionVector.of(Map.of("c0", 1L, "n1", 3L, "n10", 2L)));
    assertEquals("{c0=1, n1=3, n10=2}", clock.toString());
    assertEquals(-2633312447836192996L, clock.digest());
    assertEquals(113851, clock.hashCode());
    assertEquals(24301, new VectorClock(VersionVector.empty()).digest());
    DottedVersion dotted = new DottedVersion("n2", 4, clock.clock());
    assertEquals("(n2,4){c0=1, n1=3, n10=2}", dotted.toString());
    assertEquals(-6660768228412283314L, dotted.digest());
    assertEquals(3439035, dotted.hashCode());
    assertEquals("{c0=1, n1=3, n10=2, n2=4}", dotted.history().toString());
  }
}
