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
}
