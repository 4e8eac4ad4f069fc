package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PingPongTest {

  record Ping(int n) {}

  record Pong(int n) {}

  static final class Pinger implements Node {
    int pongs;

    @Override
    public void onStart(NodeContext ctx) {
      if (ctx.id().name().equals("a")) {
        ctx.send(ctx.node("b"), new Ping(0));
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      if (e.message() instanceof Ping p) {
        ctx.reply(e, new Pong(p.n()));
      } else if (e.message() instanceof Pong p) {
        pongs++;
        if (p.n() < 99) {
          ctx.send(e.from(), new Ping(p.n() + 1));
        }
      }
    }
  }

  @Test
  void hundredRoundTripsTakeTwoHundredLatencies() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(2))).build());
    NodeId a = cluster.add("a", Pinger::new);
    cluster.add("b", Pinger::new);
    sim.runUntilQuiescent();
    assertEquals(100, cluster.node(a, Pinger.class).pongs);
    assertEquals(Duration.ofMillis(400).toNanos(), sim.now());
    assertEquals(200, cluster.stats().sent());
    assertEquals(200, cluster.stats().delivered());
    assertTrue(sim.trace().count() > 400);
  }
}
