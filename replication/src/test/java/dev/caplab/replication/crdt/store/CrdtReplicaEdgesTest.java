package dev.caplab.replication.crdt.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeOptions;
import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.ReplicaId;
import dev.caplab.replication.crdt.store.CrdtMessage.Update;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Decisions of a replica and of the store's front that convergence runs do not exercise: the
 * stamps of updates made in one instant, which client update ids a restarted replica still
 * remembers, the durability of a state received by gossip, and the errors of calls that cannot be
 * served (before the start, on a replica that is down, for a node that is not a replica).
 */
class CrdtReplicaEdgesTest {

  private final Simulation sim = Simulation.withSeed(31);
  private final Cluster cluster = Cluster.create(sim);

  /** Two writes of one replica in the same instant get increasing stamps: the second wins. */
  @Test
  void writesInOneInstantGetIncreasingStampsAndTheLaterWins() {
    CrdtStore<LWWRegister<String>> store = CrdtStore.builder(cluster, LWWRegister.<String>empty())
        .replicas("a", "b").config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    sim.runFor(Duration.ofMillis(1));
    NodeId a = cluster.id("a");
    List<Long> stamps = new ArrayList<>();
    for (String v : List.of("first", "second", "third")) {
      store.update(a, "k", (s, u) -> {
        stamps.add(u.timestamp());
        return s.setDelta(u.replica(), u.timestamp(), v);
      });
    }
    assertEquals(List.of(stamps.get(0), stamps.get(0) + 1, stamps.get(0) + 2), stamps);
    assertEquals(Optional.of("third"), store.state(a, "k").value());
    assertEquals(ReplicaId.of("a"), store.replica(a).id(), "the writer of a's stamps");
  }

  /**
   * A restarted replica remembers exactly the ids its window held, in the order it applied them:
   * with a window of two, after u1, u2, u3 and a restart it knows u2 and u3; u1 is applied again
   * and pushes out u2, the oldest, while u3 stays known.
   */
  @Test
  void aRestartedReplicaRemembersTheLastWindowOfIdsInOrder() {
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).deduplicationWindow(2).build()).build();
    List<Object> replies = new ArrayList<>();
    cluster.add("client", () -> CrdtStoreTest.sender(replies, "u1", "u2", "u3"));
    sim.runFor(Duration.ofSeconds(1));
    NodeId a = cluster.id("a");
    cluster.crash(a);
    cluster.restart(a);
    cluster.add("retrier", () -> CrdtStoreTest.sender(replies, "u2", "u1", "u3"));
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(6, replies.size(), replies.toString());
    assertEquals(4L, store.state(a, "likes").value(), "u1, u2, u3, and u1 again: u2 and u3 were remembered");
  }

  /** The id of an applied update is durable at once: a crash right after the reply forgets nothing. */
  @Test
  void anAppliedIdSurvivesACrashRightAfterTheReply() {
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    NodeId a = cluster.id("a");
    List<Object> replies = new ArrayList<>();
    cluster.add("client", () -> new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        Mutation<PNCounter> like = (s, u) -> s.incrementDelta(u.replica(), 1);
        ctx.call(a, new Update<>("u1", "likes", like), Duration.ofSeconds(1)).onReply(r -> {
          replies.add(r.message());
          cluster.crash(a);
          cluster.restart(a);
          ctx.call(a, new Update<>("u1", "likes", like), Duration.ofSeconds(1)).onReply(r2 -> replies.add(r2.message()));
        });
      }

      @Override
      public void onMessage(NodeContext ctx, Envelope envelope) {}
    });
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(2, replies.size(), replies.toString());
    assertEquals(1L, store.state(a, "likes").value(), "the retry was recognised after the restart");
  }

  /** A state received by gossip is synced like a local update: a crash does not take it back. */
  @Test
  void aStateReceivedByGossipSurvivesACrash() {
    CrdtStore<ORSet<String>> store = CrdtStore.builder(cluster, ORSet.<String>empty()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    sim.runFor(Duration.ofMillis(1));
    store.update(cluster.id("a"), "cart", (s, u) -> s.addDelta(u.replica(), "milk"));
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    NodeId b = cluster.id("b");
    cluster.crash(b);
    assertEquals(Set.of("milk"), store.state(b, "cart").value(), "b's storage, read while b is down");
  }

  @Test
  void anUpdateBeforeTheReplicasStartIsRefused() {
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.update(cluster.id("a"), "likes", (s, u) -> s.incrementDelta(u.replica(), 1)));
    assertEquals("replica has not started yet: run the simulation before updating", e.getMessage());
  }

  @Test
  void anUpdateAtAReplicaThatIsDownIsRefused() {
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    sim.runFor(Duration.ofMillis(1));
    cluster.crash(cluster.id("a"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.update(cluster.id("a"), "likes", (s, u) -> s.incrementDelta(u.replica(), 1)));
    assertEquals("replica a is down: it cannot apply an update", e.getMessage());
  }

  @Test
  void aNodeThatIsNotAReplicaIsRefusedByName() {
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    NodeId client = cluster.add("client", () -> CrdtStoreTest.sender(new ArrayList<>()));
    sim.runFor(Duration.ofMillis(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.replica(client));
    assertEquals("not a replica of this store: client; replicas: [a, b]", e.getMessage());
  }

  @Test
  void replicaNamesMustBeUnique() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b", "a"));
    assertEquals("replica names must be unique, got [a, b, a]", e.getMessage());
  }

  @Test
  void aStoreNeedsItsReplicasNamedAndTheLastNamingCounts() {
    assertEquals("name the replicas before build()",
        assertThrows(IllegalStateException.class, () -> CrdtStore.builder(cluster, PNCounter.zero()).build()).getMessage());
    NodeOptions skewed = NodeOptions.custom().clockOffset(Duration.ofMillis(5)).build();
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("x", "y").replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).nodeOptions(skewed).build();
    assertEquals(List.of(cluster.id("a"), cluster.id("b")), store.replicas());
    assertEquals(Duration.ofMillis(5), cluster.options(cluster.id("a")).clockOffset());
  }

  /** A config copied with {@code from} keeps every setting; its text names them all. */
  @Test
  void aConfigCopiesAndPrintsEverySetting() {
    CrdtStoreConfig c = CrdtStoreConfig.custom().gossipInterval(Duration.ofMillis(50)).fanOut(3)
        .mode(GossipMode.FULL_STATE).deltaBufferCapacity(7).syncWrites(false).deduplicationWindow(9).build();
    String text = "CrdtStoreConfig{gossipInterval=PT0.05S, fanOut=3, mode=FULL_STATE, deltaBufferCapacity=7, "
        + "syncWrites=false, deduplicationWindow=9}";
    assertEquals(text, c.toString());
    assertEquals(text, CrdtStoreConfig.from(c).build().toString());
  }
}
