package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

  @Test
  void aNodeIsNotAClientUnlessMarked() {
    assertFalse(NodeOptions.ofDefaults().isClient());
    assertEquals(NodeOptions.DEFAULT_CLIENT, NodeOptions.custom().build().isClient());
    assertTrue(NodeOptions.custom().client(true).build().isClient());
  }

  @Test
  void fromCopiesEverySetting() {
    Capacity capacity = Capacity.custom().concurrency(3).build();
    NodeOptions base = NodeOptions.custom().capacity(capacity).clockOffset(Duration.ofMillis(-7)).clockDrift(1e-4)
        .client(true).build();
    NodeOptions copy = NodeOptions.from(base).build();
    assertSame(capacity, copy.capacity());
    assertEquals(Duration.ofMillis(-7), copy.clockOffset());
    assertEquals(1e-4, copy.clockDrift());
    assertTrue(copy.isClient());
    assertFalse(NodeOptions.from(base).client(false).build().isClient());
  }

  @Test
  void theClusterKeepsTheOptionsANodeWasAddedWith() {
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    NodeOptions client = NodeOptions.custom().client(true).build();
    NodeId server = cluster.add("s", () -> (ctx, e) -> {});
    NodeId user = cluster.add("u", client, () -> (ctx, e) -> {});
    assertSame(NodeOptions.ofDefaults(), cluster.options(server));
    assertSame(client, cluster.options(user));
    cluster.crash(user);
    cluster.restart(user);
    assertSame(client, cluster.options(user), "a restart keeps the options");
  }
}
