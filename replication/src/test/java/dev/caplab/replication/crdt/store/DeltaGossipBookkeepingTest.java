package dev.caplab.replication.crdt.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.sim.Simulation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of delta-state anti-entropy: which deltas a replica keeps for which peer, when
 * it ships deltas, when its full state, and when nothing. Convergence alone cannot see most of it
 * (a full state repairs every mistake), so these tests watch the buffer, the fallbacks and the
 * messages: a buffer that never drains is a leak, an empty push every round is traffic for
 * nothing, a fallback where deltas would do is the cost delta gossip exists to avoid.
 */
class DeltaGossipBookkeepingTest {

  private static final Duration MS = Duration.ofMillis(1);

  private final Simulation sim = Simulation.withSeed(21);
  private final Cluster cluster = Cluster.create(sim);

  private CrdtStore<ORSet<String>> store(CrdtStoreConfig.Builder config, String... names) {
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(2))).build());
    CrdtStoreConfig built = config.build();
    CrdtStore<ORSet<String>> store = CrdtStore.builder(cluster, ORSet.<String>empty()).replicas(names)
        .config(built).build();
    assertSame(cluster, store.cluster());
    assertSame(built, store.config());
    sim.runFor(MS);
    return store;
  }

  private static Mutation<ORSet<String>> add(String e) {
    return (s, u) -> s.addDelta(u.replica(), e);
  }

  private NodeId id(String name) {
    return cluster.id(name);
  }

  /** One update, spread and acknowledged everywhere: every peer then knows every other. */
  private void warmUp(CrdtStore<ORSet<String>> store) {
    store.update(id("a"), "cart", add("first"));
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    sim.runFor(Duration.ofSeconds(1));
  }

  @Test
  void onceEveryPeerHasAcknowledgedEverythingTheBuffersAreEmptyAndGossipStops() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom(), "a", "b", "c");
    warmUp(store);
    store.update(id("a"), "cart", add("milk"));
    store.update(id("b"), "cart", add("tea"));
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    sim.runFor(Duration.ofSeconds(1));
    for (NodeId r : store.replicas()) {
      assertEquals(0, store.replica(r).bufferedDeltas(), r + " still buffers acknowledged deltas");
    }
    long messages = store.metrics().messages();
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(messages, store.metrics().messages(), "a quiet store in delta mode sends nothing");
  }

  @Test
  void deltasWaitForTheOnePeerThatHasNotAcknowledgedThemAndReachItWithoutAFullState() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom(), "a", "b", "c");
    warmUp(store);
    cluster.network().isolate(id("c"));
    for (int i = 0; i < 5; i++) {
      store.update(id("a"), "cart", add("x" + i));
    }
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(5, store.replica(id("a")).bufferedDeltas(), "b acknowledged them, c did not");
    long fallbacks = store.metrics().fallbacks();
    cluster.network().heal();
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    assertEquals(fallbacks, store.metrics().fallbacks(), "c had acknowledged everything before: deltas suffice");
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(0, store.replica(id("a")).bufferedDeltas());
  }

  /** A delta push carries only what the peer has not acknowledged, though the buffer keeps more for another peer. */
  @Test
  void aPeerIsSentOnlyTheDeltasItHasNotAcknowledged() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom(), "a", "b", "c");
    warmUp(store);
    cluster.network().isolate(id("c"));
    List<Set<?>> shippedToB = new ArrayList<>();
    cluster.network().addDeliveryListener((envelope, now) -> {
      if (envelope.from().equals(id("a")) && envelope.to().equals(id("b"))
          && envelope.message() instanceof CrdtMessage.Push<?> p && !p.fullState()) {
        shippedToB.add(((ORSet<?>) p.states().get("cart")).value());
      }
    });
    store.update(id("a"), "cart", add("x0"));
    sim.runFor(Duration.ofMillis(500));
    store.update(id("a"), "cart", add("x1"));
    sim.runFor(Duration.ofMillis(500));
    assertEquals(2, store.replica(id("a")).bufferedDeltas(), "both wait for c");
    assertEquals(List.of(Set.of("x0"), Set.of("x1")), shippedToB);
  }

  /** A peer that has never acknowledged anything holds the buffer too, though it will get a full state. */
  @Test
  void aPeerNeverHeardFromKeepsTheDeltasInTheBuffer() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom(), "a", "b", "c");
    cluster.network().isolate(id("c"));
    store.update(id("a"), "cart", add("milk"));
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(Set.of("milk"), store.state(id("b"), "cart").value());
    assertEquals(1, store.replica(id("a")).bufferedDeltas(), "c has acknowledged nothing yet");
  }

  /**
   * The buffer holds at most its capacity; a peer that had acknowledged the older deltas the buffer
   * then dropped gets the full state, and only then converges.
   */
  @Test
  void aPeerBehindTheBufferGetsTheFullState() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom().deltaBufferCapacity(3), "a", "b", "c");
    warmUp(store);
    cluster.network().isolate(id("c"));
    for (int i = 0; i < 10; i++) {
      store.update(id("a"), "cart", add("x" + i));
    }
    sim.runFor(Duration.ofMillis(500));
    assertEquals(3, store.replica(id("a")).bufferedDeltas(), "the capacity, no fewer");
    long fallbacks = store.metrics().fallbacks();
    cluster.network().heal();
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent(), "c missed deltas no buffer holds");
    assertTrue(store.metrics().fallbacks() > fallbacks);
    assertEquals(11, store.state(id("c"), "cart").size());
  }

  /** A replica forwards the deltas it receives: a peer the origin cannot reach gets them through it. */
  @Test
  void deltasTravelOnThroughAReplicaThatReceivedThem() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom(), "a", "b", "c");
    warmUp(store);
    cluster.network().bridge(List.of(id("a")), id("b"), List.of(id("c")));
    long fallbacks = store.metrics().fallbacks();
    store.update(id("a"), "cart", add("milk"));
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent(), "a cannot reach c; b relays");
    assertEquals(Set.of("first", "milk"), store.state(id("c"), "cart").value());
    assertEquals(fallbacks, store.metrics().fallbacks());
  }

  /** Full-state mode ships whole states every round: no deltas, no acks, and no fallbacks to count. */
  @Test
  void fullStateModeShipsNoDeltasNoAcksAndCountsNoFallbacks() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom().mode(GossipMode.FULL_STATE), "a", "b", "c");
    warmUp(store);
    CrdtStoreMetrics m = store.metrics();
    assertTrue(m.fullStatePushes() > 0);
    assertEquals(0, m.deltaPushes());
    assertEquals(0, m.acks());
    assertEquals(0, m.fallbacks());
  }

  /**
   * The figures byte for byte on two replicas: the first contacts are full states (17 bytes of
   * header, the key, the state), each answered by an ack (a header); a later update travels as its
   * delta alone, not with the deltas the peer has already acknowledged.
   */
  @Test
  void aLaterUpdateShipsItsDeltaAloneAndTheTotalsAddUp() {
    CrdtStore<ORSet<String>> store = store(CrdtStoreConfig.custom().fanOut(1), "a", "b");
    store.update(id("a"), "cart", add("milk"));
    assertTrue(store.runUntilConverged(Duration.ofSeconds(5)).isPresent());
    sim.runFor(Duration.ofSeconds(1));
    long state = "milk".length() + 2 * (1 + 8); // value; context a:1..1 and milk's dot a:1
    CrdtStoreMetrics before = store.metrics();
    assertEquals(2, before.fullStatePushes(), "a to b and b to a, once each");
    assertEquals(2L * (17 + "cart".length() + state), before.toMap().get("fullStateBytes"));
    assertEquals(0, before.deltaPushes(), "b acknowledged a's update with the full state");
    assertEquals(2 * (1 + 8), store.metadataBytes(id("b")), "b's one key: its context and milk's dot");

    store.update(id("a"), "cart", add("tea"));
    sim.runFor(Duration.ofSeconds(1));
    CrdtStoreMetrics after = store.metrics();
    assertEquals(2, after.deltaPushes(), "a to b, and b forwarding what was new to it back to a");
    long delta = "tea".length() + 2 * (1 + 8); // value; the context {a:2} and tea's dot a:2
    assertEquals(2 * (17L + "cart".length() + delta), after.toMap().get("deltaBytes"));
    assertEquals(4, after.acks(), "one per push");
    assertEquals(2 * (17L + "cart".length() + state) + 2 * (17L + "cart".length() + delta) + 4 * 17L,
        after.bytesGossiped());

    assertEquals(2, after.localUpdates());
    assertEquals("CrdtStoreMetrics{messages=8, bytesGossiped=238, fullStatePushes=2, fullStateBytes=86, "
        + "deltaPushes=2, deltaBytes=84, acks=4, fallbacksToFullState=2, localUpdates=2}", after.toString());
    MeterRegistry r = cluster.metrics();
    assertEquals(sum(r, "caplab.crdt.gossip.messages"), (double) after.messages());
    assertEquals(sum(r, "caplab.crdt.gossip.bytes"), (double) after.bytesGossiped());
  }

  private static double sum(MeterRegistry r, String name) {
    return r.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
