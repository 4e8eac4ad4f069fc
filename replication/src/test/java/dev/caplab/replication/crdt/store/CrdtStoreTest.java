package dev.caplab.replication.crdt.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.PNCounter;
import dev.caplab.replication.crdt.store.CrdtMessage.Read;
import dev.caplab.replication.crdt.store.CrdtMessage.ReadOk;
import dev.caplab.replication.crdt.store.CrdtMessage.Update;
import dev.caplab.replication.crdt.store.CrdtMessage.UpdateOk;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrdtStoreTest {

  private static final Duration MS = Duration.ofMillis(1);

  private static CrdtStore<ORSet<String>> store(Cluster cluster, CrdtStoreConfig config) {
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(2))).build());
    return CrdtStore.builder(cluster, ORSet.<String>empty()).replicas("a", "b", "c").config(config).build();
  }

  private static Mutation<ORSet<String>> add(String e) {
    return (s, u) -> s.addDelta(u.replica(), e);
  }

  @Test
  void replicasConvergeAfterAPartitionHealsInBothModes() {
    for (GossipMode mode : GossipMode.values()) {
      Simulation sim = Simulation.withSeed(3);
      Cluster cluster = Cluster.create(sim);
      CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().mode(mode).fanOut(1).build());
      sim.runFor(MS);
      NodeId a = cluster.id("a");
      NodeId c = cluster.id("c");
      cluster.network().isolate(c);
      store.update(a, "cart", add("milk"));
      store.update(c, "cart", add("eggs"));
      store.update(c, "cart", (s, u) -> s.removeDelta("eggs"));
      store.update(c, "cart", add("tea"));
      sim.runFor(Duration.ofSeconds(1));
      assertFalse(store.converged(), mode + ": converged across a partition");
      assertEquals(Set.of("milk"), store.state(cluster.id("b"), "cart").value(), mode.toString());
      cluster.network().heal();
      OptionalLong took = store.runUntilConverged(Duration.ofSeconds(5));
      assertTrue(took.isPresent(), mode.toString());
      assertTrue(took.getAsLong() < Duration.ofSeconds(2).toNanos(), mode + " took " + took);
      for (NodeId r : store.replicas()) {
        assertEquals(Set.of("milk", "tea"), store.state(r, "cart").value(), mode + " at " + r);
      }
    }
  }

  @Test
  void anUpdateThatChangesNothingOnANewKeyDoesNotKeepTheReplicasApart() {
    for (GossipMode mode : GossipMode.values()) {
      Simulation sim = Simulation.withSeed(13);
      Cluster cluster = Cluster.create(sim);
      CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().mode(mode).build());
      sim.runFor(MS);
      UpdateOk<ORSet<String>> ok = store.update(cluster.id("a"), "cart", (s, u) -> s.removeDelta("ghost"));
      assertTrue(ok.applied(), mode.toString());
      assertEquals(Set.of(), ok.state().value(), mode.toString());
      assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent(),
          mode + ": a remove of an element never seen left the key at one replica only");
    }
  }

  @Test
  void eachReplicaReportsItsOwnMetersAndTheStoreAddsThemUp() {
    Simulation sim = Simulation.withSeed(4);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().mode(GossipMode.DELTA).build());
    sim.runFor(MS);
    store.update(cluster.id("a"), "cart", add("milk"));
    store.runUntilConverged(Duration.ofSeconds(5));
    io.micrometer.core.instrument.MeterRegistry r = cluster.metrics();
    assertEquals((double) store.metrics().bytesGossiped(),
        r.find("caplab.crdt.gossip.bytes").counters().stream().mapToDouble(c -> c.count()).sum());
    assertEquals(1.0, r.get("caplab.crdt.updates").tag("node", "a").counter().count(), "the update was a's");
    assertEquals(0.0, r.get("caplab.crdt.updates").tag("node", "b").counter().count());
    double messages = r.find("caplab.crdt.gossip.messages").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    assertEquals((double) store.metrics().messages(), messages);
    assertTrue(messages > 0);
  }

  @Test
  void deltaGossipShipsFarFewerBytesThanFullStateForSmallUpdatesOfALargeState() {
    long[] bytes = new long[2];
    for (GossipMode mode : GossipMode.values()) {
      Simulation sim = Simulation.withSeed(5);
      Cluster cluster = Cluster.create(sim);
      CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().mode(mode).build());
      sim.runFor(MS);
      for (int i = 0; i < 500; i++) {
        store.update(cluster.id("a"), "big", add("item-" + i));
      }
      for (int i = 0; i < 50; i++) {
        int n = i;
        sim.schedule(Duration.ofMillis(100 * i), () -> store.update(cluster.id("b"), "big", add("late-" + n)));
      }
      sim.runFor(Duration.ofSeconds(6));
      assertTrue(store.converged(), mode.toString());
      bytes[mode.ordinal()] = store.metrics().bytesGossiped();
    }
    long full = bytes[GossipMode.FULL_STATE.ordinal()];
    long delta = bytes[GossipMode.DELTA.ordinal()];
    assertTrue(delta * 5 < full, "delta " + delta + " bytes vs full state " + full);
  }

  @Test
  void aRestartedReplicaKeepsSyncedUpdatesAndPeersFallBackToFullState() {
    Simulation sim = Simulation.withSeed(7);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.ofDefaults());
    sim.runFor(MS);
    NodeId a = cluster.id("a");
    cluster.network().isolate(a);
    store.update(a, "cart", add("milk"));
    cluster.crash(a);
    assertEquals(Set.of("milk"), store.state(a, "cart").value(), "synced before the update returned");
    cluster.restart(a);
    sim.runFor(MS);
    assertEquals(Set.of("milk"), store.replica(a).state("cart").value());
    long before = store.metrics().fallbacks();
    cluster.network().heal();
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    assertTrue(store.metrics().fallbacks() > before, "the restarted replica knows no peer: full state first");
  }

  @Test
  void withoutSyncACrashLosesTheUnsyncedUpdate() {
    Simulation sim = Simulation.withSeed(7);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().syncWrites(false).build());
    sim.runFor(MS);
    NodeId a = cluster.id("a");
    cluster.network().isolate(a);
    store.update(a, "cart", add("milk"));
    cluster.crash(a);
    assertEquals(Set.of(), store.state(a, "cart").value());
  }

  @Test
  void aPeerThatMissedDroppedDeltasGetsTheFullState() {
    Simulation sim = Simulation.withSeed(9);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<ORSet<String>> store = store(cluster, CrdtStoreConfig.custom().deltaBufferCapacity(3).fanOut(2).build());
    sim.runFor(Duration.ofMillis(500)); // first contacts (full state) done, acks known
    NodeId a = cluster.id("a");
    cluster.network().isolate(cluster.id("c"));
    for (int i = 0; i < 10; i++) {
      store.update(a, "cart", add("x" + i));
    }
    sim.runFor(Duration.ofMillis(500));
    assertTrue(store.replica(a).bufferedDeltas() <= 3);
    long before = store.metrics().fallbacks();
    cluster.network().heal();
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    assertTrue(store.metrics().fallbacks() > before, "c missed deltas the buffer dropped");
    assertEquals(10, store.state(cluster.id("c"), "cart").size());
  }

  @Test
  void clientsUpdateAndReadThroughCalls() {
    Simulation sim = Simulation.withSeed(11);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<PNCounter> store = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(1).build()).build();
    List<Object> replies = new ArrayList<>();
    Mutation<PNCounter> like = (s, u) -> s.incrementDelta(u.replica(), 1);
    Mutation<PNCounter> nothing = (s, u) -> null;
    cluster.add("client", () -> new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        ctx.call(ctx.node("a"), new Update<>("u1", "likes", like), Duration.ofSeconds(1)).onReply(r -> {
          replies.add(r.message());
          ctx.call(ctx.node("a"), new Update<>("u2", "likes", nothing), Duration.ofSeconds(1)).onReply(r2 -> {
            replies.add(r2.message());
            ctx.schedule(Duration.ofMillis(500), () -> ctx.call(ctx.node("b"), new Read("likes"), Duration.ofSeconds(1))
                .onReply(r3 -> replies.add(r3.message())));
          });
        });
      }

      @Override
      public void onMessage(NodeContext ctx, Envelope envelope) {}
    });
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(3, replies.size(), replies.toString());
    UpdateOk<?> first = (UpdateOk<?>) replies.get(0);
    assertTrue(first.applied());
    assertEquals(1L, ((PNCounter) first.state()).value());
    assertFalse(((UpdateOk<?>) replies.get(1)).applied());
    assertEquals(1L, ((PNCounter) ((ReadOk<?>) replies.get(2)).state()).value());
  }

  /** A client that sends the given updates (id, then key "likes", +1) to replica a, one after the other. */
  static Node sender(List<Object> replies, String... ids) {
    return new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        send(ctx, 0);
      }

      private void send(NodeContext ctx, int i) {
        if (i == ids.length) {
          return;
        }
        Mutation<PNCounter> like = (s, u) -> s.incrementDelta(u.replica(), 1);
        ctx.call(ctx.node("a"), new Update<>(ids[i], "likes", like), Duration.ofSeconds(1)).onReply(r -> {
          replies.add(r.message());
          send(ctx, i + 1);
        });
      }

      @Override
      public void onMessage(NodeContext ctx, Envelope envelope) {}
    };
  }

  private static CrdtStore<PNCounter> counterStore(Cluster cluster, CrdtStoreConfig config) {
    return CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b").config(config).build();
  }

  @Test
  void aDuplicatedUpdateMessageIsAppliedOnce() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<PNCounter> store = counterStore(cluster, CrdtStoreConfig.custom().fanOut(1).build());
    List<Object> replies = new ArrayList<>();
    NodeId client = cluster.add("client", () -> sender(replies, "client/1"));
    cluster.network().setLink(client, cluster.id("a"), LinkProfile.custom().duplication(1.0).build());
    sim.runFor(Duration.ofSeconds(2));
    assertTrue(cluster.network().stats().duplicated() > 0, "the update was delivered twice");
    assertEquals(1L, store.state(cluster.id("a"), "likes").value());
    assertEquals(1L, store.state(cluster.id("b"), "likes").value());
  }

  @Test
  void aRetriedUpdateGetsTheFirstOutcomeAndChangesNothing() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<PNCounter> store = counterStore(cluster, CrdtStoreConfig.custom().fanOut(1).build());
    List<Object> replies = new ArrayList<>();
    cluster.add("client", () -> sender(replies, "u1", "u1", "u2"));
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(3, replies.size(), replies.toString());
    UpdateOk<?> retry = (UpdateOk<?>) replies.get(1);
    assertTrue(retry.applied(), "the first outcome");
    assertEquals(1L, ((PNCounter) retry.state()).value());
    assertEquals(2L, store.state(cluster.id("a"), "likes").value(), "u1 once, u2 once");
  }

  @Test
  void anIdOlderThanTheWindowIsAppliedAgain() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<PNCounter> store = counterStore(cluster,
        CrdtStoreConfig.custom().fanOut(1).deduplicationWindow(2).build());
    List<Object> replies = new ArrayList<>();
    cluster.add("client", () -> sender(replies, "u1", "u2", "u3", "u2", "u1"));
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(4L, store.state(cluster.id("a"), "likes").value(), "u2 remembered, u1 forgotten after u3");
  }

  @Test
  void aRestartedReplicaStillKnowsTheUpdatesItApplied() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = Cluster.create(sim);
    CrdtStore<PNCounter> store = counterStore(cluster, CrdtStoreConfig.custom().fanOut(1).build());
    List<Object> replies = new ArrayList<>();
    cluster.add("client", () -> sender(replies, "u1", "u2"));
    sim.runFor(Duration.ofSeconds(1));
    NodeId a = cluster.id("a");
    cluster.crash(a);
    cluster.restart(a);
    cluster.add("retrier", () -> sender(replies, "u2", "u1", "u3"));
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(5, replies.size(), replies.toString());
    assertEquals(3L, store.state(a, "likes").value(), "u1, u2 and u3 once each");
  }

  @Test
  void badSettingsFailFastNamingTheSetting() {
    assertEquals("fanOut must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> CrdtStoreConfig.custom().fanOut(0)).getMessage());
    assertEquals("gossipInterval must be > 0s, got 0s",
        assertThrows(IllegalArgumentException.class, () -> CrdtStoreConfig.custom().gossipInterval(Duration.ZERO)).getMessage());
    // the interval becomes nanoseconds when the replicas start: one too long for a long is refused when set
    assertEquals("gossipInterval must be <= 9223372036.854775807s, got 9223372036854775807s",
        assertThrows(IllegalArgumentException.class,
            () -> CrdtStoreConfig.custom().gossipInterval(Duration.ofSeconds(Long.MAX_VALUE))).getMessage());
    assertEquals("deltaBufferCapacity must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> CrdtStoreConfig.custom().deltaBufferCapacity(0)).getMessage());
    assertEquals("deduplicationWindow must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> CrdtStoreConfig.custom().deduplicationWindow(0)).getMessage());
    assertEquals("id must not be empty, got \"\"",
        assertThrows(IllegalArgumentException.class, () -> new Update<PNCounter>("", "k", (s, u) -> null)).getMessage());
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    CrdtStore.Builder<PNCounter> b = CrdtStore.builder(cluster, PNCounter.zero()).replicas("a", "b")
        .config(CrdtStoreConfig.custom().fanOut(2).build());
    assertEquals("fanOut must be <= 1 (the peers of each of the 2 replicas), got 2",
        assertThrows(IllegalStateException.class, b::build).getMessage());
    assertThrows(IllegalArgumentException.class, () -> CrdtStore.builder(cluster, PNCounter.zero()).replicas("a"));
  }
}
