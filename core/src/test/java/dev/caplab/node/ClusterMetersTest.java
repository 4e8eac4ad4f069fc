package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cluster's Micrometer registry mirrors the network counters and runs on simulated time. */
class ClusterMetersTest {

  record Hello() {}

  @Test
  void networkAndNodeMetersFollowTheRun() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(3))).build());
    NodeId a = cluster.add("a", () -> (ctx, e) -> {});
    NodeId b = cluster.add("b", () -> new Node() {
      @Override
      public void onStart(NodeContext ctx) {
        for (int i = 0; i < 10; i++) {
          ctx.send(ctx.node("a"), new Hello());
        }
      }

      @Override
      public void onMessage(NodeContext ctx, dev.caplab.net.Envelope e) {}
    });
    cluster.network().cut(b, a);
    sim.runFor(Duration.ofMillis(1));
    cluster.network().heal();
    cluster.crash(b);
    cluster.restart(b);
    sim.runFor(Duration.ofMillis(10));

    MeterRegistry r = cluster.metrics();
    assertEquals(20.0, r.get("caplab.network.messages").tag("outcome", "sent").functionCounter().count());
    assertEquals(10.0, r.get("caplab.network.messages").tag("outcome", "delivered").functionCounter().count());
    assertEquals(10.0, r.get("caplab.network.dropped").tag("reason", "partition").functionCounter().count());
    assertEquals(10.0, r.get("caplab.node.handled").tag("node", "a").functionCounter().count());
    assertEquals(1.0, r.get("caplab.node.up").tag("node", "b").gauge().value());
    assertEquals(List.of(a, b), cluster.ids());

    Timer timer = r.timer("probe");
    Timer.Sample sample = Timer.start(r);
    sim.runFor(Duration.ofMillis(7));
    sample.stop(timer);
    assertEquals(7.0, timer.totalTime(TimeUnit.MILLISECONDS), 1e-9, "timers measure simulated time");
  }
}
