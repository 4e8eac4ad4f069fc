package dev.caplab.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
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
    return Nemesis.builder()
        .partitionsPerMinute(6)
        .crashesPerMinute(12)
        .clockSkewsPerMinute(6)
        .meanFaultDuration(Duration.ofSeconds(4))
        .maxClockOffset(Duration.ofMillis(200))
        .start(Duration.ofSeconds(1))
        .stop(STOP)
        .build();
  }

  private static Run run(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = cluster(sim, 5);
    Nemesis nemesis = hostile();
    nemesis.attach(cluster);
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
      Nemesis.builder().partitionsPerMinute(0).clockSkewsPerMinute(0).crashesPerMinute(60)
          .meanFaultDuration(Duration.ofSeconds(10)).stop(STOP).minUpNodes(min).build().attach(cluster);
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
    Nemesis nemesis = Nemesis.builder().partitionsPerMinute(0).clockSkewsPerMinute(0).crashesPerMinute(60)
        .meanFaultDuration(Duration.ofSeconds(10)).stop(STOP).build();
    assertEquals(3, nemesis.minUpNodes(5));
    assertEquals(3, nemesis.minUpNodes(4));
    nemesis.attach(cluster);
    while (sim.now() <= STOP.toNanos() && sim.step()) {
      assertTrue(live(cluster) >= 3, live(cluster) + " nodes up at " + sim.now() + " ns");
    }
  }

  @Test
  void atStopEverythingIsRepairedAndNothingMoreHappens() {
    for (long seed = 1; seed <= 20; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = cluster(sim, 5);
      Nemesis nemesis = Nemesis.builder().partitionsPerMinute(30).crashesPerMinute(30).clockSkewsPerMinute(30)
          .meanFaultDuration(Duration.ofSeconds(30)).stop(Duration.ofSeconds(20)).build();
      nemesis.attach(cluster);
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
    Nemesis nemesis = Nemesis.builder().partitionsPerMinute(20).crashesPerMinute(0).clockSkewsPerMinute(0)
        .meanFaultDuration(Duration.ofSeconds(2)).stop(STOP).build();
    nemesis.attach(cluster);
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
    Nemesis nemesis = Nemesis.builder().partitionsPerMinute(20).crashesPerMinute(0).clockSkewsPerMinute(0)
        .meanFaultDuration(Duration.ofSeconds(2)).stop(STOP).build();
    nemesis.attach(cluster);
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
    FaultPlan.builder().addAll(original.log()).build().schedule(cluster);
    sim.runFor(STOP.plusSeconds(10));
    assertEquals(cluster.ids().size(), live(cluster));
    assertFalse(cluster.network().isPartitioned());
  }

  @Test
  void badSettingsAreRejectedNamingTheSettingAndValue() {
    assertEquals("partitionsPerMinute must be a finite rate >= 0 per minute, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> Nemesis.builder().partitionsPerMinute(-1)).getMessage());
    assertEquals("crashesPerMinute must be a finite rate >= 0 per minute, got NaN",
        assertThrows(IllegalArgumentException.class, () -> Nemesis.builder().crashesPerMinute(Double.NaN)).getMessage());
    assertEquals("clockSkewsPerMinute must be a finite rate >= 0 per minute, got Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> Nemesis.builder().clockSkewsPerMinute(Double.POSITIVE_INFINITY)).getMessage());
    assertEquals("meanFaultDuration must be > 0, got 0s",
        assertThrows(IllegalArgumentException.class, () -> Nemesis.builder().meanFaultDuration(Duration.ZERO)).getMessage());
    assertEquals("maxClockOffset must be > 0, got -5ms",
        assertThrows(IllegalArgumentException.class,
            () -> Nemesis.builder().maxClockOffset(Duration.ofMillis(-5))).getMessage());
    assertEquals("start must be >= 0, got -1s",
        assertThrows(IllegalArgumentException.class, () -> Nemesis.builder().start(Duration.ofSeconds(-1))).getMessage());
    assertEquals("minUpNodes must be >= 0, got -2",
        assertThrows(IllegalArgumentException.class, () -> Nemesis.builder().minUpNodes(-2)).getMessage());
    Nemesis.Builder clash = Nemesis.builder().start(Duration.ofSeconds(10)).stop(Duration.ofSeconds(5));
    assertEquals("stop (5s) must be after start (10s)",
        assertThrows(IllegalStateException.class, clash::build).getMessage());
  }

  @Test
  void attachIsOnceAndNotAfterStart() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, 3);
    Nemesis nemesis = Nemesis.builder().build();
    nemesis.attach(cluster);
    assertEquals("this nemesis is already attached; build a new one for another run",
        assertThrows(IllegalStateException.class, () -> nemesis.attach(cluster)).getMessage());

    sim.runFor(Duration.ofSeconds(2));
    Nemesis late = Nemesis.builder().start(Duration.ofSeconds(1)).build();
    assertEquals("nemesis start 1s is in the past: the simulation is at 2s",
        assertThrows(IllegalStateException.class, () -> late.attach(cluster)).getMessage());
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
