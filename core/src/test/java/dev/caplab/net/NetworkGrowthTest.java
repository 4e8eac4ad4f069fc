package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nodes that join after faults were set: the per-link state (blocked links, overrides, FIFO
 * arrival times) is kept in arrays that grow with the node count, and growing them must carry
 * every link's state over.
 */
class NetworkGrowthTest {

  private static final long MS = 1_000_000L;

  record Slow(int n) {}

  record Fast(int n) {}

  private static LinkProfile constant(long ms) {
    return LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(ms))).build();
  }

  private static NetworkTest.Harness eightNodes() {
    String[] names = new String[8];
    for (int i = 0; i < names.length; i++) {
      names[i] = "n" + i;
    }
    return new NetworkTest.Harness(1, constant(1), names);
  }

  /** canReach for every ordered pair, as one string, so a change anywhere shows. */
  private static String reachability(NetworkTest.Harness h) {
    StringBuilder sb = new StringBuilder();
    for (NodeId a : h.net.ids()) {
      for (NodeId b : h.net.ids()) {
        sb.append(h.net.canReach(a, b) ? '1' : '0');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void aPartitionSurvivesANinthNodeJoining() {
    NetworkTest.Harness h = eightNodes();
    List<NodeId> ids = h.net.ids();
    h.net.partition(List.of(ids.subList(0, 4), ids.subList(4, 8)));
    h.net.cut(h.id("n1"), h.id("n2"));
    String before = reachability(h);

    h.net.register("n8");

    assertTrue(h.net.isPartitioned());
    assertFalse(h.net.canReach(h.id("n0"), h.id("n5")));
    assertFalse(h.net.canReach(h.id("n7"), h.id("n3")));
    assertFalse(h.net.canReach(h.id("n1"), h.id("n2")));
    assertTrue(h.net.canReach(h.id("n2"), h.id("n1")));
    String after = reachability(h);
    for (int row = 0; row < 8; row++) {
      assertEquals(before.lines().toList().get(row), after.lines().toList().get(row).substring(0, 8),
          "links from n" + row);
    }
    // the new node was in no group: it reaches everyone until the next fault says otherwise
    assertTrue(h.net.canReach(h.id("n8"), h.id("n0")));
    assertTrue(h.net.canReach(h.id("n5"), h.id("n8")));

    h.send("n0", "n5", new Slow(1));
    h.send("n0", "n1", new Slow(2));
    h.sim.runUntilQuiescent();
    assertEquals(1, h.stats().dropped(DropReason.PARTITION));
    assertEquals(List.of(new Slow(2)), h.arrivals.stream().map(Envelope::message).toList());
  }

  @Test
  void aPerLinkOverrideSurvivesANinthNodeJoining() {
    NetworkTest.Harness h = eightNodes();
    h.net.setLink(h.id("n0"), h.id("n1"), LinkProfile.custom().loss(1.0).build());
    h.net.setLink(h.id("n7"), h.id("n6"), constant(9));

    h.net.register("n8");

    assertEquals(1.0, h.net.profile(h.id("n0"), h.id("n1")).loss());
    assertEquals(0.0, h.net.profile(h.id("n1"), h.id("n0")).loss());
    assertEquals(9.0 * MS, h.net.profile(h.id("n7"), h.id("n6")).latency().meanNanos());
    h.send("n0", "n1", new Slow(1));
    h.send("n7", "n6", new Slow(2));
    h.sim.runUntilQuiescent();
    assertEquals(1, h.stats().dropped(DropReason.LOSS));
    assertEquals(List.of(9 * MS), h.arrivalTimes);
  }

  @Test
  void aFifoLinkKeepsItsOrderAcrossANinthNodeJoining() {
    LinkProfile fifo = LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1)))
        .latency(Slow.class, LatencyModel.constant(Duration.ofMillis(10)))
        .fifo(true)
        .build();
    NetworkTest.Harness h = eightNodes();
    h.net.setLink(h.id("n6"), h.id("n7"), fifo);
    h.send("n6", "n7", new Slow(1));

    h.net.register("n8");

    h.send("n6", "n7", new Fast(2));
    h.sim.runUntilQuiescent();
    assertEquals(List.of(new Slow(1), new Fast(2)), h.arrivals.stream().map(Envelope::message).toList());
    assertEquals(List.of(10 * MS, 10 * MS), h.arrivalTimes);
  }
}
