package dev.caplab.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NemesisTest {

  private static final Duration STOP = Duration.ofSeconds(120);

  record Gossip(int n) {}

  /** Sends a message to a random peer every 50 ms, so faults show up in the trace hash. */
  static final class Chatter implements Node {
    int n;

    @Override
    public void onStart(NodeContext ctx) {
      ctx.schedule(Duration.ofMillis(50), () -> tick(ctx));
    }

    private void tick(NodeContext ctx) {
      List<NodeId> nodes = ctx.nodes();
      ctx.send(nodes.get(ctx.random().nextInt(nodes.size())), new Gossip(n++));
      ctx.schedule(Duration.ofMillis(50), () -> tick(ctx));
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {}
  }

  record Run(List<TimedFault> log, long hash) {}

  private static Cluster cluster(Simulation sim, int n) {
    Cluster cluster = Cluster.create(sim);
    for (int i = 1; i <= n; i++) {
      cluster.add("n" + i, Chatter::new);
    }
    return cluster;
  }

  private static Nemesis hostile() {
    return Nemesis.of(NemesisConfig.custom()
        .partitionsPerMinute(6)
        .crashesPerMinute(12)
        .clockSkewsPerMinute(6)
        .meanFaultDuration(Duration.ofSeconds(4))
        .maxClockOffset(Duration.ofMillis(200))
        .start(Duration.ofSeconds(1))
        .stop(STOP)
        .build());
  }

  private static Run run(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = cluster(sim, 5);
    Nemesis nemesis = hostile();
    nemesis.attach(FaultLog.of(cluster));
    sim.runFor(STOP.plusSeconds(10));
    return new Run(nemesis.log(), sim.trace().hash());
  }

  private static long count(List<TimedFault> log, Predicate<Fault> p) {
    return log.stream().map(TimedFault::fault).filter(p).count();
  }

  @Test
  void sameSeedGivesTheSameFaultsAndTheSameTrace() {
    Run first = run(42);
    Run second = run(42);
    assertEquals(first.log(), second.log());
    assertEquals(first.hash(), second.hash());
    List<TimedFault> log = first.log();
    assertTrue(count(log, f -> f instanceof Fault.Crash) > 5, "crashes: " + log);
    assertTrue(count(log, f -> f instanceof Fault.Heal) > 2, "heals: " + log);
    assertTrue(count(log, f -> f instanceof Fault.ClockOffset) > 4, "skews: " + log);
    for (TimedFault t : log) {
      assertTrue(t.at().compareTo(Duration.ofSeconds(1)) > 0 && t.at().compareTo(STOP) <= 0, t.toString());
    }
  }

  @Test
  void differentSeedGivesDifferentFaults() {
    Run first = run(42);
    Run other = run(43);
    assertNotEquals(first.log(), other.log());
    assertNotEquals(first.hash(), other.hash());
  }

  @Test
  void neverCrashesBelowMinUpNodes() {
    for (int min : new int[] {3, 4}) {
      Simulation sim = Simulation.withSeed(min);
      Cluster cluster = cluster(sim, 5);
      Nemesis.of(NemesisConfig.custom().partitionsPerMinute(0).crashesPerMinute(60)
          .meanFaultDuration(Duration.ofSeconds(10)).stop(STOP).minUpNodes(min).build()).attach(FaultLog.of(cluster));
      int fewest = 5;
      while (sim.now() <= STOP.toNanos() && sim.step()) {
        int live = live(cluster);
        assertTrue(live >= min, "seed " + min + ": " + live + " nodes up at " + sim.now() + " ns, minUpNodes " + min);
        fewest = Math.min(fewest, live);
      }
      assertEquals(min, fewest, "the bound was never reached, so the test proves nothing");
    }
  }

  @Test
  void defaultMinUpNodesIsAMajority() {
    Simulation sim = Simulation.withSeed(5);
    Cluster cluster = cluster(sim, 5);
    NemesisConfig config = NemesisConfig.custom().partitionsPerMinute(0).crashesPerMinute(60)
        .meanFaultDuration(Duration.ofSeconds(10)).stop(STOP).build();
    assertEquals(3, config.minUpNodes(5));
    assertEquals(3, config.minUpNodes(4));
    Nemesis.of(config).attach(FaultLog.of(cluster));
    while (sim.now() <= STOP.toNanos() && sim.step()) {
      assertTrue(live(cluster) >= 3, live(cluster) + " nodes up at " + sim.now() + " ns");
    }
  }

  @Test
  void atStopEverythingIsRepairedAndNothingMoreHappens() {
    for (long seed = 1; seed <= 20; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = cluster(sim, 5);
      Nemesis nemesis = Nemesis.of(NemesisConfig.custom().partitionsPerMinute(30).crashesPerMinute(30)
          .clockSkewsPerMinute(30).meanFaultDuration(Duration.ofSeconds(30)).stop(Duration.ofSeconds(20)).build());
      nemesis.attach(FaultLog.of(cluster));
      assertTrue(sim.runUntil(nemesis::isStopped, Duration.ofSeconds(21)));
      assertEquals(Duration.ofSeconds(20).toNanos(), sim.now(), "seed " + seed);
      assertFalse(cluster.network().isPartitioned(), "seed " + seed + ": " + nemesis.log());
      for (NodeId id : cluster.ids()) {
        assertTrue(cluster.isUp(id), "seed " + seed + ": " + id + " is down; " + nemesis.log());
        assertEquals(0, cluster.clock(id).offsetNanos(), "seed " + seed + ": " + id + " clock; " + nemesis.log());
      }
      int logged = nemesis.log().size();
      sim.runFor(Duration.ofSeconds(60));
      assertEquals(logged, nemesis.log().size(), "seed " + seed + ": faults after stop");
      assertFalse(cluster.network().isPartitioned());
    }
  }

  @Test
  void partitionsAreOneAtATimeAndAlwaysHealed() {
    Simulation sim = Simulation.withSeed(9);
    Cluster cluster = cluster(sim, 5);
    Nemesis nemesis = Nemesis.of(NemesisConfig.custom().partitionsPerMinute(20).crashesPerMinute(0)
        .meanFaultDuration(Duration.ofSeconds(2)).stop(STOP).build());
    nemesis.attach(FaultLog.of(cluster));
    sim.runFor(STOP);
    List<TimedFault> log = nemesis.log();
    assertTrue(log.size() > 20, log.toString());
    for (int i = 0; i < log.size(); i++) {
      boolean heal = log.get(i).fault() instanceof Fault.Heal;
      assertEquals(i % 2 == 1, heal, "entry " + i + " of " + log);
    }
    assertTrue(count(log, f -> f instanceof Fault.Partition) > 0, log.toString());
    assertTrue(count(log, f -> f instanceof Fault.MajorityMinority) > 0, log.toString());
    assertTrue(count(log, f -> f instanceof Fault.Isolate) > 0, log.toString());
    assertTrue(count(log, f -> f instanceof Fault.Bridge) > 0, log.toString());
  }

  @Test
  void aTwoNodeClusterGetsOnlyThePartitionsTwoNodesAllow() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, 2);
    Nemesis nemesis = Nemesis.of(NemesisConfig.custom().partitionsPerMinute(20).crashesPerMinute(0)
        .meanFaultDuration(Duration.ofSeconds(2)).stop(STOP).build());
    nemesis.attach(FaultLog.of(cluster));
    sim.runFor(STOP);
    List<TimedFault> log = nemesis.log();
    assertTrue(log.size() > 20, log.toString());
    assertEquals(0, count(log, f -> f instanceof Fault.MajorityMinority || f instanceof Fault.Bridge), log.toString());
    assertTrue(count(log, f -> f instanceof Fault.Partition) > 0, log.toString());
    assertTrue(count(log, f -> f instanceof Fault.Isolate) > 0, log.toString());
  }

  @Test
  void aLoggedRunReplaysAsAPlan() {
    Run original = run(7);
    Simulation sim = Simulation.withSeed(7);
    Cluster cluster = cluster(sim, 5);
    FaultPlan.builder().addAll(original.log()).build().schedule(FaultLog.of(cluster));
    sim.runFor(STOP.plusSeconds(10));
    assertEquals(cluster.ids().size(), live(cluster));
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void defaultsAreTheDocumentedConstants() {
    NemesisConfig d = NemesisConfig.ofDefaults();
    assertSame(d, NemesisConfig.ofDefaults());
    assertEquals(NemesisConfig.DEFAULT_PARTITIONS_PER_MINUTE, d.partitionsPerMinute());
    assertEquals(NemesisConfig.DEFAULT_CRASHES_PER_MINUTE, d.crashesPerMinute());
    assertEquals(NemesisConfig.DEFAULT_CLOCK_SKEWS_PER_MINUTE, d.clockSkewsPerMinute());
    assertEquals(NemesisConfig.DEFAULT_MEAN_FAULT_DURATION, d.meanFaultDuration());
    assertEquals(NemesisConfig.DEFAULT_MAX_CLOCK_OFFSET, d.maxClockOffset());
    assertEquals(NemesisConfig.DEFAULT_START, d.start());
    assertEquals(NemesisConfig.DEFAULT_STOP, d.stop());
    assertEquals(NemesisConfig.DEFAULT_MIN_UP_NODES, d.minUpNodes());
    assertEquals(NemesisConfig.DEFAULT_NODES, d.nodes());
    assertEquals(NemesisConfig.DEFAULT_INCLUDE_CLIENTS, d.includeClients());
    assertEquals("NemesisConfig{partitionsPerMinute=2.0, crashesPerMinute=1.0, clockSkewsPerMinute=0.0,"
        + " meanFaultDuration=5s, maxClockOffset=500ms, start=0s, stop=60s, minUpNodes=majority, nodes=all,"
        + " includeClients=false}", d.toString());
  }

  @Test
  void fromStartsFromEverySettingOfTheBase() {
    NemesisConfig base = NemesisConfig.custom().partitionsPerMinute(3).crashesPerMinute(4).clockSkewsPerMinute(5)
        .meanFaultDuration(Duration.ofSeconds(7)).maxClockOffset(Duration.ofMillis(9)).start(Duration.ofSeconds(1))
        .stop(Duration.ofMinutes(2)).minUpNodes(2).nodes("b", "a").includeClients(true).build();
    assertEquals("NemesisConfig{partitionsPerMinute=3.0, crashesPerMinute=4.0, clockSkewsPerMinute=5.0,"
        + " meanFaultDuration=7s, maxClockOffset=9ms, start=1s, stop=120s, minUpNodes=2, nodes=[b, a],"
        + " includeClients=true}", base.toString());
    assertEquals(base.toString(), NemesisConfig.from(base).build().toString());
    NemesisConfig back = NemesisConfig.from(base).minUpMajority().allNodes().build();
    assertEquals(OptionalInt.empty(), back.minUpNodes());
    assertEquals(List.of(), back.nodes());
    assertEquals(2, base.minUpNodes(9));
    assertEquals(5, back.minUpNodes(9));
  }

  @Test
  void clockSkewIsOffUnlessAsked() {
    NemesisConfig tenMinutes = NemesisConfig.custom().stop(Duration.ofMinutes(10)).build();
    for (long seed = 1; seed <= 10; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = cluster(sim, 5);
      FaultLog faults = FaultLog.of(cluster);
      Nemesis.of(tenMinutes).attach(faults);
      sim.runFor(Duration.ofMinutes(10).plusSeconds(1));
      List<TimedFault> log = faults.entries();
      assertTrue(count(log, f -> f instanceof Fault.Crash) > 0, "seed " + seed + ": the nemesis did not run; " + log);
      assertEquals(0, count(log, f -> f instanceof Fault.ClockOffset), "seed " + seed + ": " + log);
    }
    Simulation sim = Simulation.withSeed(1);
    FaultLog faults = FaultLog.of(cluster(sim, 5));
    Nemesis.of(NemesisConfig.from(tenMinutes).clockSkewsPerMinute(1).build()).attach(faults);
    sim.runFor(Duration.ofMinutes(10));
    assertTrue(count(faults.entries(), f -> f instanceof Fault.ClockOffset) > 0, "asked for, skews happen");
  }

  /** Five nodes n1..n5 and three clients c1..c3, all silent, so that every event is the nemesis's. */
  private static Cluster withClients(Simulation sim) {
    Cluster cluster = Cluster.create(sim);
    for (int i = 1; i <= 5; i++) {
      cluster.add("n" + i, () -> (ctx, e) -> {});
    }
    for (int i = 1; i <= 3; i++) {
      cluster.add("c" + i, NodeOptions.custom().client(true).build(), () -> (ctx, e) -> {});
    }
    return cluster;
  }

  /** Hostile enough that every kind of fault happens many times in a minute. */
  private static NemesisConfig.Builder everyMinute() {
    return NemesisConfig.custom().partitionsPerMinute(30).crashesPerMinute(30).clockSkewsPerMinute(30)
        .meanFaultDuration(Duration.ofSeconds(2)).stop(Duration.ofSeconds(60));
  }

  /** Runs to the stop, checking after every event that {@code untouched} are up, on time and reach everyone. */
  private static void runAndCheckUntouched(Simulation sim, Cluster cluster, List<String> untouched, String what) {
    while (sim.now() <= Duration.ofSeconds(60).toNanos() && sim.step()) {
      for (String name : untouched) {
        NodeId id = cluster.id(name);
        String at = what + ": " + name + " at " + sim.now() + " ns";
        assertTrue(cluster.isUp(id), at + " is down");
        assertEquals(0, cluster.clock(id).offsetNanos(), at + " has a skewed clock");
        for (NodeId other : cluster.ids()) {
          assertTrue(cluster.network().canReach(id, other) && cluster.network().canReach(other, id),
              at + " is cut off from " + other);
        }
      }
    }
  }

  /** The node names a logged fault mentions; none for faults that name no node. */
  private static List<String> named(Fault fault) {
    if (fault instanceof Fault.Split split) {
      return split.groups().stream().flatMap(List::stream).toList();
    } else if (fault instanceof Fault.Crash crash) {
      return List.of(crash.node());
    } else if (fault instanceof Fault.Restart restart) {
      return List.of(restart.node());
    } else if (fault instanceof Fault.ClockOffset offset) {
      return List.of(offset.node());
    } else if (fault instanceof Fault.Heal) {
      return List.of();
    }
    throw new AssertionError("a restricted nemesis should not apply " + fault);
  }

  @Test
  void byDefaultNeverTouchesAClient() {
    for (long seed = 1; seed <= 30; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = withClients(sim);
      Nemesis nemesis = Nemesis.of(everyMinute().build());
      nemesis.attach(FaultLog.of(cluster));
      runAndCheckUntouched(sim, cluster, List.of("c1", "c2", "c3"), "seed " + seed);
      List<TimedFault> log = nemesis.log();
      for (TimedFault t : log) {
        assertTrue(named(t.fault()).stream().noneMatch(n -> n.startsWith("c")), "seed " + seed + ": " + t);
      }
      assertTrue(count(log, f -> f instanceof Fault.Split) > 0, "seed " + seed + ": no partition; " + log);
      assertTrue(count(log, f -> f instanceof Fault.Crash) > 0, "seed " + seed + ": no crash; " + log);
      assertTrue(count(log, f -> f instanceof Fault.ClockOffset) > 0, "seed " + seed + ": no skew; " + log);
    }
  }

  @Test
  void namedNodesAreTheOnlyOnesTouchedAndKeepAMajorityOfThemUp() {
    List<String> permitted = List.of("n1", "n2", "n4");
    for (long seed = 1; seed <= 30; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = withClients(sim);
      Nemesis nemesis = Nemesis.of(everyMinute().nodes("n4", "n1", "n2").build());
      nemesis.attach(FaultLog.of(cluster));
      String what = "seed " + seed;
      runAndCheckUntouched(sim, cluster, List.of("n3", "n5", "c1", "c2", "c3"), what);
      List<TimedFault> log = nemesis.log();
      for (TimedFault t : log) {
        assertTrue(permitted.containsAll(named(t.fault())), what + ": " + t);
      }
      assertTrue(count(log, f -> f instanceof Fault.Split) > 0, what + ": no partition; " + log);
      assertTrue(count(log, f -> f instanceof Fault.Crash) > 0, what + ": no crash; " + log);
    }
    // Majority/minority and bridge follow registration order among the permitted nodes.
    Simulation sim = Simulation.withSeed(9);
    Cluster cluster = withClients(sim);
    Nemesis nemesis = Nemesis.of(everyMinute().nodes("n4", "n1", "n2").crashesPerMinute(0).build());
    nemesis.attach(FaultLog.of(cluster));
    sim.runFor(Duration.ofSeconds(60));
    List<Fault> splits = nemesis.log().stream().map(TimedFault::fault).filter(f -> f instanceof Fault.Split).toList();
    assertTrue(splits.contains(Fault.Split.of(List.of("n1", "n2"), List.of("n4"))), splits.toString());
    assertTrue(splits.contains(Fault.Split.of(List.of("n1"), List.of("n4"))), "bridge over n2: " + splits);
  }

  @Test
  void aCrashLeavesAMajorityOfThePermittedNodesUp() {
    for (long seed = 1; seed <= 10; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = withClients(sim);
      Nemesis.of(NemesisConfig.custom().partitionsPerMinute(0).crashesPerMinute(120).nodes("n1", "n2", "n3")
          .meanFaultDuration(Duration.ofSeconds(10)).stop(STOP).build()).attach(FaultLog.of(cluster));
      int fewest = 3;
      while (sim.now() <= STOP.toNanos() && sim.step()) {
        int up = 0;
        for (String name : List.of("n1", "n2", "n3")) {
          up += cluster.isUp(cluster.id(name)) ? 1 : 0;
        }
        assertTrue(up >= 2, "seed " + seed + ": " + up + " of n1..n3 up at " + sim.now() + " ns");
        fewest = Math.min(fewest, up);
      }
      assertEquals(2, fewest, "seed " + seed + ": the bound was never reached, so the test proves nothing");
    }
  }

  @Test
  void clientsAreTouchedWhenAskedAndThenTheFaultsAreClusterWide() {
    long clientCrashes = 0;
    for (long seed = 1; seed <= 10; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = withClients(sim);
      Nemesis nemesis = Nemesis.of(everyMinute().includeClients(true).build());
      nemesis.attach(FaultLog.of(cluster));
      sim.runFor(Duration.ofSeconds(61));
      List<TimedFault> log = nemesis.log();
      clientCrashes += count(log, f -> f instanceof Fault.Crash c && c.node().startsWith("c"));
      assertEquals(0, count(log, f -> f instanceof Fault.Split), "seed " + seed + ": " + log);
    }
    assertTrue(clientCrashes > 0, "includeClients(true) never crashed a client");
  }

  @Test
  void attachChecksTheNodesAgainstTheCluster() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = withClients(sim);
    FaultLog faults = FaultLog.of(cluster);
    int pending = sim.pendingEvents();
    Nemesis unknown = Nemesis.of(NemesisConfig.custom().nodes("n1", "x9", "n2", "y").build());
    assertEquals("nemesis nodes [x9, y] are not in the cluster; known nodes: [n1, n2, n3, n4, n5, c1, c2, c3]",
        assertThrows(IllegalArgumentException.class, () -> unknown.attach(faults)).getMessage());
    Nemesis client = Nemesis.of(NemesisConfig.custom().nodes("n1", "c2").build());
    assertEquals("nemesis nodes [c2] are clients; set includeClients(true) to let the nemesis touch them,"
        + " or leave them out of nodes",
        assertThrows(IllegalArgumentException.class, () -> client.attach(faults)).getMessage());
    assertEquals(pending, sim.pendingEvents(), "a rejected nemesis schedules nothing");
    Nemesis.of(NemesisConfig.custom().nodes("n1", "c2").includeClients(true).build()).attach(faults);

    Simulation empty = Simulation.withSeed(1);
    Cluster none = Cluster.create(empty);
    assertEquals("the nemesis has no node to touch: the cluster has no nodes yet; attach it after adding them",
        assertThrows(IllegalStateException.class,
            () -> Nemesis.of(NemesisConfig.ofDefaults()).attach(FaultLog.of(none))).getMessage());
    none.add("c1", NodeOptions.custom().client(true).build(), Chatter::new);
    none.add("c2", NodeOptions.custom().client(true).build(), Chatter::new);
    assertEquals("the nemesis has no node to touch: all 2 nodes of the cluster are clients;"
        + " set includeClients(true) to let it touch them",
        assertThrows(IllegalStateException.class,
            () -> Nemesis.of(NemesisConfig.ofDefaults()).attach(FaultLog.of(none))).getMessage());
  }

  @Test
  void badSettingsAreRejectedNamingTheSettingAndValue() {
    assertEquals("partitionsPerMinute must be >= 0.0, got -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().partitionsPerMinute(-1)).getMessage());
    assertEquals("crashesPerMinute must be finite, got NaN",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().crashesPerMinute(Double.NaN)).getMessage());
    assertEquals("clockSkewsPerMinute must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().clockSkewsPerMinute(Double.POSITIVE_INFINITY)).getMessage());
    assertEquals("meanFaultDuration must be > 0s, got 0s",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().meanFaultDuration(Duration.ZERO)).getMessage());
    assertEquals("maxClockOffset must be between 1ns and 9223372036.854775806s, got -5ms",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().maxClockOffset(Duration.ofMillis(-5))).getMessage());
    assertEquals("start must be >= 0s, got -1s",
        assertThrows(IllegalArgumentException.class,
            () -> NemesisConfig.custom().start(Duration.ofSeconds(-1))).getMessage());
    assertEquals("stop must be > 0s, got 0s",
        assertThrows(IllegalArgumentException.class, () -> NemesisConfig.custom().stop(Duration.ZERO)).getMessage());
    assertEquals("minUpNodes must be >= 0, got -2",
        assertThrows(IllegalArgumentException.class, () -> NemesisConfig.custom().minUpNodes(-2)).getMessage());
    assertEquals("nodes must name at least one node, got none; use allNodes() for every node that is not a client",
        assertThrows(IllegalArgumentException.class, () -> NemesisConfig.custom().nodes()).getMessage());
    assertEquals("nodes must not name a node twice, got 'a' twice in [a, b, a]",
        assertThrows(IllegalArgumentException.class, () -> NemesisConfig.custom().nodes("a", "b", "a")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> NemesisConfig.custom().nodes("no spaces"))
        .getMessage().startsWith("node name must match"));
    NemesisConfig.Builder clash = NemesisConfig.custom().start(Duration.ofSeconds(10)).stop(Duration.ofSeconds(5));
    assertEquals("stop must be after start (10s), got 5s",
        assertThrows(IllegalStateException.class, clash::build).getMessage());
  }

  @Test
  void attachIsOnceAndNotAfterStart() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, 3);
    FaultLog faults = FaultLog.of(cluster);
    Nemesis nemesis = Nemesis.of(NemesisConfig.ofDefaults());
    nemesis.attach(faults);
    assertEquals("this nemesis is already attached; make a new one with Nemesis.of(config) for another run",
        assertThrows(IllegalStateException.class, () -> nemesis.attach(faults)).getMessage());

    sim.runFor(Duration.ofSeconds(2));
    Nemesis late = Nemesis.of(NemesisConfig.custom().start(Duration.ofSeconds(1)).build());
    assertEquals("nemesis start 1s is in the past: the simulation is at 2s",
        assertThrows(IllegalStateException.class, () -> late.attach(faults)).getMessage());
  }

  private static int live(Cluster cluster) {
    int live = 0;
    for (NodeId id : cluster.ids()) {
      if (cluster.isUp(id)) {
        live++;
      }
    }
    return live;
  }
}
