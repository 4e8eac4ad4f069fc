package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault shapes as whole replacements of what came before, over a full link table, and as
 * events of the run: a fault the trace does not record would let two different runs share a
 * trace hash.
 */
class NetworkFaultShapesTest {

  private static LinkProfile constant(long ms) {
    return LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(ms))).build();
  }

  private static NetworkTest.Harness nodes(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "n" + i;
    }
    return new NetworkTest.Harness(1, constant(1), names);
  }

  @Test
  void aBridgeReplacesThePartitionBeforeIt() {
    NetworkTest.Harness h = nodes(3);
    NodeId n0 = h.id("n0");
    NodeId n1 = h.id("n1");
    NodeId n2 = h.id("n2");
    h.net.partition(List.of(List.of(n0), List.of(n1, n2)));
    assertFalse(h.net.canReach(n0, n1));

    h.net.bridge(List.of(n0), n1, List.of(n2));

    assertTrue(h.net.canReach(n0, n1), "the bridge node reaches both sides");
    assertTrue(h.net.canReach(n1, n0));
    assertTrue(h.net.canReach(n1, n2));
    assertFalse(h.net.canReach(n0, n2), "the two sides stay apart");
    assertFalse(h.net.canReach(n2, n0));
  }

  /** Eight nodes fill the link table exactly: isolating one must touch no link beyond it. */
  @Test
  void isolatingANodeOfAFullLinkTableCutsExactlyItsLinks() {
    NetworkTest.Harness h = nodes(8);
    NodeId n7 = h.id("n7");
    h.net.isolate(n7);
    for (NodeId a : h.net.ids()) {
      for (NodeId b : h.net.ids()) {
        boolean touchesN7 = (a.equals(n7) || b.equals(n7)) && !a.equals(b);
        assertEquals(!touchesN7, h.net.canReach(a, b), a + " -> " + b);
      }
    }
    NodeId n8 = h.net.register("n8");
    assertTrue(h.net.canReach(n8, n7), "an isolation cuts the nodes known when it was made");
    assertTrue(h.net.canReach(n7, n8));
  }

  @Test
  void aNodeJoiningAfterAnIsolationIsNotCutOff() {
    NetworkTest.Harness h = nodes(3);
    NodeId n0 = h.id("n0");
    h.net.isolate(n0);
    NodeId n3 = h.net.register("n3");
    assertTrue(h.net.canReach(n3, n0));
    assertTrue(h.net.canReach(n0, n3));
  }

  @Test
  void aLinkResetAndABridgeAreEventsOfTheRun() {
    NetworkTest.Harness plain = nodes(3);
    NetworkTest.Harness reset = nodes(3);
    reset.net.resetLink(reset.id("n0"), reset.id("n1"));
    assertNotEquals(plain.sim.trace().hash(), reset.sim.trace().hash(),
        "a link reset is recorded even when the link had no override");

    NetworkTest.Harness bridged = nodes(3);
    bridged.net.bridge(List.of(bridged.id("n0")), bridged.id("n1"), List.of(bridged.id("n2")));
    NetworkTest.Harness cut = nodes(3);
    cut.net.cut(cut.id("n0"), cut.id("n2"));
    cut.net.cut(cut.id("n2"), cut.id("n0"));
    assertEquals(reachability(bridged), reachability(cut), "the same links are blocked");
    assertNotEquals(plain.sim.trace().hash(), bridged.sim.trace().hash(), "a bridge is recorded");
  }

  private static String reachability(NetworkTest.Harness h) {
    StringBuilder sb = new StringBuilder();
    for (NodeId a : h.net.ids()) {
      for (NodeId b : h.net.ids()) {
        sb.append(h.net.canReach(a, b) ? '1' : '0');
      }
    }
    return sb.toString();
  }
}
