package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.Simulation;
import dev.caplab.sim.internal.EventLoop;
import dev.caplab.sim.internal.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of the simulated network's address checks and of its random draws. */
class NetworkEdgesTest {

  record Ping(int n) {}

  private static SimNetwork network(Simulation sim, List<Envelope> arrivals, String... names) {
    SimNetwork[] net = new SimNetwork[1];
    net[0] = new SimNetwork(EventLoop.of(sim), e -> {
      arrivals.add(e);
      net[0].delivered(e);
    });
    for (String n : names) {
      net[0].register(n);
    }
    return net[0];
  }

  @Test
  void anIdThatOnlySharesAnIndexIsNotAMember() {
    SimNetwork net = network(Simulation.withSeed(1), new ArrayList<>(), "a", "b");
    NodeId stranger = new NodeId("c", 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.require(stranger));
    assertTrue(e.getMessage().contains("unknown node c"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> net.send(stranger, net.id("b"), new Ping(1), 0, false));
  }

  @Test
  void anEqualIdFromElsewhereIsAMemberAndRequireReturnsIt() {
    SimNetwork net = network(Simulation.withSeed(1), new ArrayList<>(), "a", "b");
    NodeId a = net.id("a");
    assertSame(a, net.require(a));
    NodeId sameAddress = new NodeId("b", 1);
    assertSame(sameAddress, net.require(sameAddress));
  }

  /**
   * A link with no loss and no duplication draws no random number for them: adding a lossless
   * link to a run must not shift the draws that every later random decision of the run sees.
   */
  @Test
  void aLosslessUnduplicatedLinkDrawsNothing() {
    LinkProfile quiet = LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(3))).loss(0).duplication(0).build();
    Simulation sent = Simulation.withSeed(7);
    List<Envelope> arrivals = new ArrayList<>();
    SimNetwork net = network(sent, arrivals, "a", "b");
    net.setDefaultProfile(quiet);
    for (int i = 0; i < 10; i++) {
      net.send(net.id("a"), net.id("b"), new Ping(i), 0, false);
    }
    sent.runUntilQuiescent();
    assertEquals(10, arrivals.size());

    Simulation idle = Simulation.withSeed(7);
    network(idle, new ArrayList<>(), "a", "b");
    assertEquals(idle.random("network").nextLong(), sent.random("network").nextLong(),
        "the network stream is where it started");
  }
}
