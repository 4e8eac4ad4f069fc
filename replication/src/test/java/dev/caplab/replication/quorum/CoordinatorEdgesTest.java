package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read path's decisions one at a time (a linearizable read whose quorum already agrees, the
 * majority a linearizable read needs, a response that arrives twice), and many operations in
 * flight at one coordinator, finishing and timing out in between one another.
 */
class CoordinatorEdgesTest {

  private static QuorumResult read(Fixture f, NodeId coordinator, String key, ReadOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.read(coordinator, key, options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(5));
    f.sim.runFor(Duration.ofSeconds(1)); // a second answer would show here
    assertEquals(1, out.size(), () -> "one answer per read: " + out);
    return out.get(0);
  }

  private static QuorumResult write(Fixture f, NodeId coordinator, String key, String value, WriteOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, key, value, options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(5));
    return out.get(0);
  }

  @Test
  void aLinearizableReadWhoseQuorumAgreesAnswersWithoutWritingBack() {
    Fixture f = new Fixture(3, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    assertTrue(write(f, coordinator, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    ReadOptions abd = ReadOptions.custom().linearizable(true).build();

    QuorumResult r = read(f, coordinator, "k", abd);
    assertEquals("v", assertInstanceOf(ReadOk.class, r).value());
    assertEquals(0, f.store.metrics().writeBacksSent());
    assertNull(assertInstanceOf(ReadOk.class, read(f, coordinator, "missing", abd)).value());
    assertEquals(2, f.store.metrics().reads());
    assertEquals(0, f.store.node(coordinator).operationsInProgress());
  }

  @Test
  void aLinearizableReadAtOneStillAsksAMajority() {
    Fixture f = new Fixture(3, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    assertTrue(write(f, coordinator, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    ReadOptions one = ReadOptions.custom().consistency(Consistency.ONE).fanOut(FanOut.QUORUM_ONLY)
        .linearizable(true).build();

    ReadOk r = assertInstanceOf(ReadOk.class, read(f, coordinator, "k", one));
    assertEquals("v", r.value());
    assertEquals(2, r.answered(), "a majority of 3 answered");
    assertEquals(0, f.store.metrics().writeBacksSent(), "the two asked agree: nothing to write back");
  }

  @Test
  void aResponseThatArrivesTwiceCountsOnce() {
    // Four nodes, N=3: the coordinator is the node outside the key's preference list, so every
    // response crosses the network, where every message is duplicated.
    Fixture f = new Fixture(5, 4, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    List<NodeId> pref = f.store.preferenceList("k");
    NodeId coordinator = f.store.storeNodes().stream().filter(n -> !pref.contains(n)).findFirst().orElseThrow();
    assertTrue(write(f, coordinator, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    f.cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(Fixture.constantMs(1)).duplication(1.0).build());
    f.cluster.crash(pref.get(1));
    f.cluster.crash(pref.get(2));

    QuorumResult r = read(f, coordinator, "k", ReadOptions.of(Consistency.QUORUM));
    Unavailable u = assertInstanceOf(Unavailable.class, r);
    assertEquals(2, u.required());
    assertEquals(1, u.answered());
    QuorumResult w = write(f, coordinator, "k", "w", WriteOptions.of(Consistency.QUORUM));
    assertEquals(1, assertInstanceOf(Unavailable.class, w).answered());
  }

  /**
   * Sixty operations at one coordinator, started 5 ms apart so their deadlines interleave with
   * answers: those whose keys live on a crashed node time out, the others are answered, and each
   * gets exactly one result at the right time.
   */
  @Test
  void manyOperationsInFlightAtOneCoordinatorEachEndOnceAndOnTime() {
    QuorumConfig config = Fixture.quiet().replicaTimeout(Duration.ofMillis(50)).requestTimeout(Duration.ofMillis(100)).build();
    Fixture f = new Fixture(8, 6, 0, config, LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(30)));
    NodeId coordinator = f.store.storeNodes().get(0);
    NodeId down = f.store.storeNodes().get(3);
    f.cluster.crash(down);
    long start = f.sim.now();
    Map<String, List<String>> results = new LinkedHashMap<>();
    Map<String, Long> startedAt = new LinkedHashMap<>();
    int ops = 60;
    for (int i = 0; i < ops; i++) {
      String key = "k" + i;
      boolean isWrite = i % 2 == 0;
      long at = i * 5_000_000L;
      f.sim.schedule(at, () -> {
        startedAt.put(key, f.sim.now());
        List<String> got = results.computeIfAbsent(key, k -> new ArrayList<>());
        if (isWrite) {
          f.store.write(coordinator, key, "v", WriteOptions.of(Consistency.ALL),
              r -> got.add((r.ok() ? "ok" : "unavailable") + "@" + (f.sim.now() - startedAt.get(key))));
        } else {
          f.store.read(coordinator, key, ReadOptions.of(Consistency.ALL),
              r -> got.add((r.ok() ? "ok" : "unavailable") + "@" + (f.sim.now() - startedAt.get(key))));
        }
      });
    }
    f.sim.runFor(Duration.ofSeconds(2));

    int timedOut = 0;
    assertEquals(ops, results.size());
    for (Map.Entry<String, List<String>> e : results.entrySet()) {
      List<String> got = e.getValue();
      assertEquals(1, got.size(), () -> e.getKey() + " answered " + got);
      boolean onDownNode = f.store.preferenceList(e.getKey()).contains(down);
      if (onDownNode) {
        timedOut++;
        assertEquals("unavailable@" + 100_000_000L, got.get(0), e.getKey());
      } else {
        String[] parts = got.get(0).split("@");
        assertEquals("ok", parts[0], e.getKey());
        assertTrue(Long.parseLong(parts[1]) <= 60_000_000L, () -> e.getKey() + " took " + got);
      }
    }
    assertTrue(timedOut >= 20 && timedOut <= ops - 20, "both outcomes are common: " + timedOut + " timed out");
    assertEquals(ops - timedOut, f.store.metrics().reads() + f.store.metrics().writes());
    assertEquals(timedOut, f.store.metrics().readsUnavailable() + f.store.metrics().writesUnavailable());
    assertEquals(0, f.store.node(coordinator).operationsInProgress());
    assertTrue(f.sim.now() - start >= ops * 5_000_000L);
  }
}
