package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.sim.Simulation;
import org.junit.jupiter.api.Test;

/** Clients are marked as such, so that fault injection can tell them from the store. */
class ClientRoleTest {

  @Test
  void clientsAreClientNodesAndStoreNodesAreNot() {
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    Capacity capacity = Capacity.custom().concurrency(2).build();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(3).clients(2)
        .clientOptions(NodeOptions.custom().capacity(capacity).build()).build();
    for (NodeId id : store.storeNodes()) {
      assertFalse(cluster.options(id).isClient(), id + " is a store node");
    }
    assertEquals(2, store.clientIds().size());
    for (NodeId id : store.clientIds()) {
      assertTrue(cluster.options(id).isClient(), id + " is a client");
      assertEquals(capacity, cluster.options(id).capacity(), "the given client options are kept");
    }
  }

  @Test
  void eachClientIsItsHistoryProcessAndReadsWithTheStoresDefaults() {
    Fixture f = new Fixture(1, 3, 2, Fixture.quiet().build(), Fixture.constantMs(1));
    for (int i = 0; i < 2; i++) {
      assertEquals(i, f.store.client(i).process(), "client " + i + " is history process " + i);
    }
    for (NodeId id : f.store.storeNodes()) {
      assertEquals(id, f.store.node(id).id());
    }
    assertTrue(f.write(1, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    java.util.List<QuorumResult> out = new java.util.ArrayList<>();
    f.store.client(1).read("k", out::add);
    f.sim.runUntil(() -> !out.isEmpty(), java.time.Duration.ofSeconds(10));
    assertEquals("v", ((ReadOk) out.get(0)).value());
    assertEquals(2, ((ReadOk) out.get(0)).answered(), "the store's default read is a QUORUM of 3");
    assertEquals(1, f.history().events().get(3).process(), "recorded as process 1");
  }
}
