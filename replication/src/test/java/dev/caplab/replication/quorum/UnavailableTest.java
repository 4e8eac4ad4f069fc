package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests that cannot gather enough answers fail cleanly at the request timeout. */
class UnavailableTest {

  private final Fixture f = new Fixture(13, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
  private final List<NodeId> nodes = f.store.storeNodes();

  UnavailableTest() {
    // The client and its coordinator n0 are cut off from n1 and n2.
    f.cluster.network().partition(List.of(nodes.get(0), f.store.clientIds().get(0)), List.of(nodes.get(1), nodes.get(2)));
  }

  @Test
  void writeNeedingMoreReplicasThanReachableIsUnavailable() {
    long start = f.sim.now();
    Unavailable u = (Unavailable) f.write(0, "k", "v", WriteOptions.of(Consistency.QUORUM));
    assertEquals(new Unavailable("k", "write", 2, 1, 3), u);
    long elapsed = f.sim.now() - start;
    assertEquals(QuorumConfig.DEFAULT_REQUEST_TIMEOUT.toNanos() + 2 * Fixture.MS, elapsed, "timeout plus the client hops");
    assertEquals(Op.Type.INFO, f.history().events().get(1).type(), "a failed write may have taken effect");
    assertEquals(1, f.store.metrics().writesUnavailable());
  }

  @Test
  void readNeedingMoreReplicasThanReachableIsUnavailable() {
    Unavailable u = (Unavailable) f.read(0, "k", ReadOptions.of(Consistency.ALL));
    assertEquals(3, u.required());
    assertEquals(1, u.answered());
    assertEquals(Op.Type.FAIL, f.history().events().get(1).type());
  }

  @Test
  void levelsTheReachableReplicasCanMeetSucceed() {
    assertTrue(f.write(0, "k", "v", WriteOptions.of(Consistency.ONE)).ok());
    assertEquals("v", ((ReadOk) f.read(0, "k", ReadOptions.of(Consistency.ONE))).value());
  }

  @Test
  void anUnreachableCoordinatorIsUnavailableToo() {
    f.cluster.network().heal();
    f.cluster.network().isolate(nodes.get(0));
    QuorumResult r = f.read(0, "k", ReadOptions.of(Consistency.ONE));
    assertTrue(r instanceof Unavailable, r::toString);
    f.sim.runFor(Duration.ofSeconds(1));
  }

  @Test
  void anUnreachableCoordinatorIsNamedWithTheReasonAndTheRealQuorum() {
    f.cluster.network().heal();
    f.cluster.network().isolate(nodes.get(0));
    Unavailable u = (Unavailable) f.write(0, "k", "v", WriteOptions.of(Consistency.QUORUM));
    Duration clientTimeout = QuorumConfig.DEFAULT_REQUEST_TIMEOUT.multipliedBy(2);
    assertEquals(Unavailable.coordinatorUnreachable("k", "write", 2,
        new Unavailable.Unreachable(nodes.get(0), CallFailure.TIMEOUT, clientTimeout)), u);
    assertFalse(u.coordinatorAnswered());
    assertEquals("Unavailable[write 'k': coordinator " + nodes.get(0) + " unreachable: no reply within "
        + Durations.exact(clientTimeout) + " (timeout: lost or cut off by a partition, or the coordinator is"
        + " down or too slow); 2 replica answers were required]", u.toString());
  }

  @Test
  void aCoordinatorThatAnsweredIsNotCalledUnreachable() {
    Unavailable u = (Unavailable) f.read(0, "k", ReadOptions.of(Consistency.ALL));
    assertTrue(u.coordinatorAnswered());
    assertEquals("Unavailable[read 'k': 1 of 3 required replicas answered (3 contacted)]", u.toString());
  }
}
