package dev.caplab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Space-time diagrams from a journaled run: messages paired with their fate, crashes and partitions shaded. */
class SpaceTimeTest {

  private static final long MS = 1_000_000L;

  /** Sends a ping to every other node every 10 ms. */
  static final class Pinger implements Node {
    @Override
    public void onStart(NodeContext ctx) {
      tick(ctx);
    }

    private void tick(NodeContext ctx) {
      for (NodeId n : ctx.nodes()) {
        if (!n.equals(ctx.id())) {
          ctx.send(n, "ping");
        }
      }
      ctx.schedule(Duration.ofMillis(10), () -> tick(ctx));
    }

    @Override
    public void onMessage(NodeContext ctx, dev.caplab.net.Envelope e) {}
  }

  @Test
  void aJournaledRunGivesEveryMessageItsFateAndShadesCrashesAndPartitions() {
    Simulation sim = Simulation.builder().seed(5).journal(Duration.ZERO, Duration.ofMillis(400), 1_000_000).build();
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(2))).build());
    for (String n : List.of("a", "b", "c")) {
      cluster.add(n, Pinger::new);
    }
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder().partition(Duration.ofMillis(100), List.of("a"), List.of("b", "c"))
        .heal(Duration.ofMillis(150)).crash(Duration.ofMillis(200), "c").restart(Duration.ofMillis(250), "c")
        .build().schedule(faults);
    sim.runFor(Duration.ofMillis(300));

    SpaceTime d = SpaceTime.builder("d", "t", List.of("a", "b", "c"), 0, 300 * MS)
        .trace(sim.trace().journal()).faults(faults.entries()).build();
    var stats = cluster.stats();
    long delivered = d.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.DELIVERED).count();
    long dropped = d.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.DROPPED).count();
    long inFlight = d.messages().stream().filter(m -> m.fate() == SpaceTime.Fate.IN_FLIGHT).count();
    assertEquals(stats.sent(), d.messages().size());
    assertEquals(stats.delivered(), delivered);
    assertEquals(stats.droppedTotal(), dropped);
    assertEquals(stats.inFlight(), inFlight);
    assertTrue(dropped > 0, "the partition and the crash drop messages");
    for (SpaceTime.Message m : d.messages()) {
      if (m.fate() == SpaceTime.Fate.DELIVERED) {
        assertEquals(2 * MS, m.endAt() - m.sentAt(), "constant latency: " + m);
        assertEquals("String", m.type());
      }
      if (m.fate() == SpaceTime.Fate.DROPPED) {
        assertTrue(m.note().equals("PARTITION") || m.note().equals("CRASH"), m.note());
      }
    }
    assertEquals(List.of(new SpaceTime.Span(-1, 100 * MS, 150 * MS, SpaceTime.SpanKind.PARTITIONED,
            "partition [a] [b,c]"),
        new SpaceTime.Span(2, 200 * MS, 250 * MS, SpaceTime.SpanKind.DOWN, "down")), d.spans());
    assertEquals(0, d.omittedMessages());
  }

  @Test
  void theJournalKeepsTheFirstEventsOfItsWindowOnly() {
    Simulation sim = Simulation.builder().seed(5).journal(Duration.ofMillis(50), Duration.ofMillis(100), 10).build();
    Cluster cluster = Cluster.create(sim);
    for (String n : List.of("a", "b")) {
      cluster.add(n, Pinger::new);
    }
    sim.runFor(Duration.ofMillis(300));
    List<TraceEvent> journal = sim.trace().journal();
    assertEquals(10, journal.size());
    assertTrue(sim.trace().journalFull());
    assertTrue(journal.get(0).time() >= 50 * MS && journal.get(9).time() < 100 * MS, journal.toString());
    Simulation off = Simulation.withSeed(5);
    off.runFor(Duration.ofMillis(1));
    assertTrue(off.trace().journal().isEmpty());
    assertFalse(off.trace().journalFull());
  }

  @Test
  void aDiagramOfTooManyMessagesKeepsAnEvenSampleAndSaysHowManyItLeftOut() {
    List<TraceEvent> journal = new ArrayList<>();
    int n = SpaceTime.MAX_MESSAGES + 50_001;
    for (int i = 1; i <= n; i++) {
      journal.add(new TraceEvent(i, TraceKind.SEND, 0, 1, i, "Ping"));
      journal.add(new TraceEvent(i + 5, TraceKind.DELIVER, 0, 1, i, "Ping"));
    }
    SpaceTime d = SpaceTime.builder("d", "t", List.of("a", "b"), 0, n + 10).trace(journal).build();
    assertTrue(d.messages().size() <= SpaceTime.MAX_MESSAGES, "kept " + d.messages().size());
    assertEquals(n, d.messages().size() + d.omittedMessages());
    assertEquals(1, d.messages().get(0).sentAt());
    assertEquals(3, d.messages().get(1).sentAt(), "every second message");
  }
}
