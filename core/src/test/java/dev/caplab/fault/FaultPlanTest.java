package dev.caplab.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static final Duration TICK = Duration.ofMillis(10);
  private static final long SECOND = 1_000_000_000L;

  record Probe(long sentAt) {}

  /** Node "a" sends a probe to "b" every 10 ms for its first 5 s; everyone counts what arrives. */
  static final class Prober implements Node {
    int received;

    @Override
    public void onStart(NodeContext ctx) {
      if (ctx.id().name().equals("a")) {
        tick(ctx);
      }
    }

    private void tick(NodeContext ctx) {
      if (ctx.now() >= 5 * SECOND) {
        return;
      }
      ctx.send(ctx.node("b"), new Probe(ctx.now()));
      ctx.schedule(TICK, () -> tick(ctx));
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      received++;
    }
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Cluster cluster(Simulation sim, String... names) {
    Cluster cluster = Cluster.create(sim);
    for (String name : names) {
      cluster.add(name, Prober::new);
    }
    return cluster;
  }

  @Test
  void partitionDropsExactlyTheSendsBetweenItsStartAndItsHeal() {
    Simulation sim = Simulation.builder().seed(7).traceLog(10_000).build();
    Cluster cluster = cluster(sim, "a", "b", "c");
    FaultPlan.builder()
        .partition(s(1), List.of("a"), List.of("b", "c"))
        .heal(s(4))
        .build()
        .schedule(FaultLog.of(cluster));

    sim.runUntilQuiescent();

    // Sends at 0, 10 ms, ..., 4.99 s: 500 of them; those at 1.00 s .. 3.99 s (300) are cut.
    assertEquals(500, cluster.stats().sent());
    assertEquals(300, cluster.stats().dropped(DropReason.PARTITION));
    assertEquals(200, cluster.node(cluster.id("b"), Prober.class).received);
    List<TraceEvent> drops = sim.trace().events().stream()
        .filter(e -> e.kind() == TraceKind.DROP && e.label().equals("PARTITION")).toList();
    assertEquals(300, drops.size());
    assertEquals(1 * SECOND, drops.get(0).time());
    assertEquals(4 * SECOND - TICK.toNanos(), drops.get(drops.size() - 1).time());
    List<TraceEvent> faults = sim.trace().events().stream().filter(e -> e.kind() == TraceKind.FAULT).toList();
    assertEquals(2, faults.size());
    assertEquals(1 * SECOND, faults.get(0).time());
    assertEquals("partition [a] [b,c]", faults.get(0).label());
    assertEquals(4 * SECOND, faults.get(1).time());
    assertEquals("heal", faults.get(1).label());
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void crashAndRestartHappenAtTheirTimes() {
    Simulation sim = Simulation.builder().seed(3).traceLog(10_000).build();
    Cluster cluster = cluster(sim, "a", "b", "c");
    NodeId b = cluster.id("b");
    Node before = cluster.node(b);
    FaultPlan.builder().crash(s(1), "b").restart(s(2), "b").build().schedule(FaultLog.of(cluster));

    sim.runFor(Duration.ofMillis(1500));
    assertFalse(cluster.isUp(b));
    sim.runFor(Duration.ofMillis(1000));
    assertTrue(cluster.isUp(b));
    assertNotSame(before, cluster.node(b));

    List<TraceEvent> events = sim.trace().events();
    TraceEvent crash = events.stream().filter(e -> e.kind() == TraceKind.CRASH).findFirst().orElseThrow();
    TraceEvent restart = events.stream()
        .filter(e -> e.kind() == TraceKind.RESTART && e.from() == b.index() && e.time() > 0).findFirst().orElseThrow();
    assertEquals(1 * SECOND, crash.time());
    assertEquals(b.index(), crash.from());
    assertEquals(2 * SECOND, restart.time());
    // Probes sent while b was down are lost to the crash.
    assertTrue(cluster.stats().dropped(DropReason.CRASH) > 90);
  }

  @Test
  void entriesAreSortedByTimeAndStableForEqualTimes() {
    FaultPlan plan = FaultPlan.builder()
        .heal(s(3))
        .crash(s(1), "a")
        .isolate(s(3), "b")
        .at(s(1), new Fault.Restart("a"), new Fault.Cut("b", "c"))
        .majorityMinority(Duration.ZERO)
        .build();

    assertEquals(List.of(
        new TimedFault(Duration.ZERO, new Fault.MajorityMinority()),
        new TimedFault(s(1), new Fault.Crash("a")),
        new TimedFault(s(1), new Fault.Restart("a")),
        new TimedFault(s(1), new Fault.Cut("b", "c")),
        new TimedFault(s(3), new Fault.Heal()),
        new TimedFault(s(3), new Fault.Isolate("b"))), plan.entries());
    assertEquals("FaultPlan[at 0s: partition majority/minority; at 1s: crash a; at 1s: restart a; "
        + "at 1s: cut b->c; at 3s: heal; at 3s: isolate b]", plan.toString());
  }

  @Test
  void sameTimeEntriesRunInInsertionOrder() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c");
    FaultPlan.builder().crash(s(1), "b").restart(s(1), "b").crash(s(1), "b").build().schedule(FaultLog.of(cluster));
    sim.runFor(s(2));
    assertFalse(cluster.isUp(cluster.id("b")));
  }

  @Test
  void majorityMinorityAndBridgeFollowRegistrationOrder() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "n1", "n2", "n3", "n4", "n5");
    List<NodeId> ids = cluster.ids();

    new Fault.MajorityMinority().apply(cluster);
    assertTrue(cluster.network().canReach(ids.get(0), ids.get(2)));
    assertFalse(cluster.network().canReach(ids.get(2), ids.get(3)));
    assertTrue(cluster.network().canReach(ids.get(3), ids.get(4)));

    new Fault.Bridge().apply(cluster); // [n1,n2] <n3> [n4,n5]
    assertTrue(cluster.network().canReach(ids.get(0), ids.get(2)));
    assertTrue(cluster.network().canReach(ids.get(4), ids.get(2)));
    assertTrue(cluster.network().canReach(ids.get(2), ids.get(0)));
    assertFalse(cluster.network().canReach(ids.get(1), ids.get(3)));
    assertFalse(cluster.network().canReach(ids.get(4), ids.get(0)));

    new Fault.Heal().apply(cluster);
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void splitCutsOnlyBetweenItsGroupsAndKeepsEveryOtherLink() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c", "d", "e");
    NodeId a = cluster.id("a");
    NodeId b = cluster.id("b");
    NodeId c = cluster.id("c");
    NodeId d = cluster.id("d");
    NodeId e = cluster.id("e");
    cluster.network().cut(e, a);

    Fault.Split split = Fault.Split.of(List.of("a", "b"), List.of("c"));
    split.apply(cluster);

    assertEquals("split [a,b] [c]", split.describe());
    for (NodeId left : List.of(a, b)) {
      assertFalse(cluster.network().canReach(left, c));
      assertFalse(cluster.network().canReach(c, left));
    }
    assertTrue(cluster.network().canReach(a, b) && cluster.network().canReach(b, a));
    for (NodeId any : List.of(a, b, c, e)) {
      assertTrue(cluster.network().canReach(d, any) && cluster.network().canReach(any, d), "d keeps its links");
    }
    assertFalse(cluster.network().canReach(e, a), "the earlier cut stays");
    new Fault.Heal().apply(cluster);
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void majorityOfAnEvenClusterIsStrict() {
    assertEquals(3, Fault.MajorityMinority.majoritySize(4));
    assertEquals(2, Fault.MajorityMinority.majoritySize(3));
    assertEquals(3, Fault.MajorityMinority.majoritySize(5));
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c", "d");
    new Fault.MajorityMinority().apply(cluster);
    assertTrue(cluster.network().canReach(cluster.id("a"), cluster.id("c")));
    assertFalse(cluster.network().canReach(cluster.id("c"), cluster.id("d")));
  }

  @Test
  void majorityMinorityNeedsThreeNodesBecauseTwoLeaveNoMinority() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Fault.MajorityMinority().apply(cluster));
    assertTrue(e.getMessage().contains("at least 3 nodes") && e.getMessage().contains("has 2"), e.getMessage());
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void clockAndLinkFaultsApplyAndRevert() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c");
    NodeId a = cluster.id("a");
    NodeId b = cluster.id("b");
    LinkProfile lossy = LinkProfile.custom().loss(1.0).build();
    FaultPlan.builder()
        .clockOffset(s(1), "b", Duration.ofMillis(-250))
        .clockDrift(s(1), "c", 1e-3)
        .degradeLink(s(1), "a", "b", lossy, true)
        .restoreLink(s(2), "a", "b", false)
        .clockOffset(s(2), "b", Duration.ZERO)
        .build()
        .schedule(FaultLog.of(cluster));

    sim.runFor(Duration.ofMillis(1500));
    assertEquals(-250_000_000L, cluster.clock(b).offsetNanos());
    assertEquals(1e-3, cluster.clock(cluster.id("c")).drift());
    assertEquals(1.0, cluster.network().profile(a, b).loss());
    assertEquals(1.0, cluster.network().profile(b, a).loss());
    sim.runFor(s(1));
    assertEquals(0L, cluster.clock(b).offsetNanos());
    assertEquals(0.0, cluster.network().profile(a, b).loss());
    assertEquals(1.0, cluster.network().profile(b, a).loss()); // restored one way only
  }

  @Test
  void everyFaultKindLeavesATraceEvent() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c");
    List<Fault> all = List.of(
        Fault.Partition.of(List.of("a")), new Fault.MajorityMinority(), new Fault.Isolate("a"),
        new Fault.Cut("a", "b"), new Fault.Bridge(), Fault.Split.of(List.of("a"), List.of("b")), new Fault.Heal(),
        new Fault.Crash("c"),
        new Fault.Restart("c"), new Fault.ClockOffset("a", Duration.ofMillis(5)), new Fault.ClockDrift("a", 1e-4),
        new Fault.DegradeLink("a", "b", LinkProfile.ofDefaults(), false), new Fault.RestoreLink("a", "b", true));
    for (Fault fault : all) {
      long hash = sim.trace().hash();
      long count = sim.trace().count();
      fault.apply(cluster);
      assertTrue(sim.trace().count() > count, fault + " left no trace event");
      assertTrue(sim.trace().hash() != hash, fault + " did not change the trace hash");
    }
  }

  @Test
  void describeIsReadable() {
    assertEquals("partition [a,b] [c]", Fault.Partition.of(List.of("a", "b"), List.of("c")).toString());
    assertEquals("clock offset b -250ms", new Fault.ClockOffset("b", Duration.ofMillis(-250)).describe());
    assertEquals("clock offset b +1.5s", new Fault.ClockOffset("b", Duration.ofMillis(1500)).describe());
    assertEquals("restore link a<->b", new Fault.RestoreLink("a", "b", true).describe());
    assertEquals("at 2s: crash b", new TimedFault(s(2), new Fault.Crash("b")).toString());
  }

  @Test
  void negativeTimeIsRejectedNamingTheParameter() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.builder().heal(Duration.ofSeconds(-1)));
    assertEquals("at must be >= 0s, got -1s", e.getMessage());
  }

  @Test
  void atWithoutFaultsIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultPlan.builder().at(s(2)));
    assertEquals("faults at 2s must name at least one fault, got none", e.getMessage());
  }

  @Test
  void crashOfANodeThePlanAlreadyCrashedIsRejectedAtBuild() {
    FaultPlan.Builder builder = FaultPlan.builder().crash(s(2), "b").crash(s(1), "b");
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertEquals("crash b at 2s: b is already down since 1s; add a restart before crashing it again", e.getMessage());
  }

  @Test
  void restartOfANodeThePlanAlreadyRestartedIsRejectedAtBuild() {
    FaultPlan.Builder builder =
        FaultPlan.builder().crash(s(1), "b").restart(s(2), "b").restart(s(3), "b");
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertEquals("restart b at 3s: b is already up since its restart at 2s; add a crash before restarting it again",
        e.getMessage());
  }

  @Test
  void restartOfANodeCrashedElsewhereAndAlternatingSequencesAreAccepted() {
    FaultPlan plan = FaultPlan.builder()
        .restart(s(1), "a")
        .crash(s(2), "b").restart(s(3), "b").crash(s(4), "b").restart(s(5), "b")
        .build();
    assertEquals(5, plan.entries().size());
  }

  @Test
  void entriesInThePastAreRejectedAtScheduleAndNothingIsScheduled() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b", "c");
    sim.runFor(s(2));
    int pending = sim.pendingEvents();
    FaultPlan plan = FaultPlan.builder().heal(s(3)).crash(s(1), "b").build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.schedule(FaultLog.of(cluster)));
    assertEquals("fault plan entry 'at 1s: crash b' is in the past: the simulation is at 2s; "
        + "schedule the plan before running past its first entry", e.getMessage());
    assertEquals(pending, sim.pendingEvents());
  }

  @Test
  void unknownNodeFailsWhenTheFaultIsApplied() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b");
    FaultPlan.builder().isolate(s(1), "z").build().schedule(FaultLog.of(cluster));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.runFor(s(2)));
    assertEquals("unknown node 'z'; known nodes: [a, b]", e.getMessage());
  }

  @Test
  void badFaultArgumentsAreRejectedWhenTheFaultIsMade() {
    assertEquals("partition groups must not overlap: node 'a' appears twice in [[a, b], [a]]",
        assertThrows(IllegalArgumentException.class,
            () -> Fault.Partition.of(List.of("a", "b"), List.of("a"))).getMessage());
    assertEquals("partition group 1 must not be empty",
        assertThrows(IllegalArgumentException.class, () -> Fault.Partition.of(List.of("a"), List.of())).getMessage());
    assertEquals("partition groups must name at least one group, got none",
        assertThrows(IllegalArgumentException.class, () -> new Fault.Partition(List.of())).getMessage());
    assertEquals("split groups must name at least 2 groups, got 1: [[a, b]]",
        assertThrows(IllegalArgumentException.class, () -> Fault.Split.of(List.of("a", "b"))).getMessage());
    assertEquals("split groups must not overlap: node 'b' appears twice in [[a, b], [b]]",
        assertThrows(IllegalArgumentException.class,
            () -> Fault.Split.of(List.of("a", "b"), List.of("b"))).getMessage());
    assertEquals("cut needs two different nodes, got 'a' twice",
        assertThrows(IllegalArgumentException.class, () -> new Fault.Cut("a", "a")).getMessage());
    assertEquals("drift must be in (-1.0, 1.0), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Fault.ClockDrift("a", 1.0)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Fault.Crash("no spaces"))
        .getMessage().startsWith("node name must match"));
  }

  @Test
  void bridgeNeedsThreeNodes() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, "a", "b");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Fault.Bridge().apply(cluster));
    assertEquals("bridge needs at least 3 nodes, the cluster has 2", e.getMessage());
  }
}
