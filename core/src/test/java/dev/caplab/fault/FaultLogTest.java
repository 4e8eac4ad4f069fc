package dev.caplab.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultLogTest {

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Cluster cluster(Simulation sim, int n) {
    Cluster cluster = Cluster.create(sim);
    for (int i = 1; i <= n; i++) {
      cluster.add("n" + i, () -> (ctx, e) -> {});
    }
    return cluster;
  }

  @Test
  void oneTimelineHoldsPlannedRandomAndImmediateFaultsInTimeOrder() {
    for (long seed = 1; seed <= 10; seed++) {
      Simulation sim = Simulation.withSeed(seed);
      Cluster cluster = cluster(sim, 5);
      FaultLog faults = FaultLog.of(cluster);
      FaultPlan plan = FaultPlan.builder()
          .crash(s(2), "n1").restart(s(4), "n1").isolate(s(6), "n2").heal(s(8)).build();
      plan.schedule(faults);
      Nemesis nemesis = Nemesis.of(NemesisConfig.custom().nodes("n3", "n4", "n5").partitionsPerMinute(0)
          .crashesPerMinute(30).meanFaultDuration(Duration.ofSeconds(1)).stop(s(10)).build());
      nemesis.attach(faults);
      // A reaction to what the scenario sees, not planned: a watchdog kills n2 at 5 s.
      sim.scheduleAt(s(5).toNanos(), () -> faults.apply(new Fault.Crash("n2")));
      sim.runFor(s(11));

      List<TimedFault> timeline = faults.entries();
      List<TimedFault> expected = new ArrayList<>(plan.entries());
      expected.addAll(nemesis.log());
      expected.add(new TimedFault(s(5), new Fault.Crash("n2")));
      String at = "seed " + seed + ": " + timeline;
      assertEquals(expected.size(), timeline.size(), at);
      assertTrue(timeline.containsAll(expected), at);
      assertFalse(nemesis.log().isEmpty(), at);
      List<TimedFault> sorted = new ArrayList<>(timeline);
      sorted.sort(Comparator.comparing(TimedFault::at));
      assertEquals(sorted, timeline, at + " is not in time order");
    }
  }

  @Test
  void listenersRunInTheFaultsEventAndSeeWhatItDid() {
    Simulation sim = Simulation.withSeed(1);
    Cluster cluster = cluster(sim, 3);
    FaultLog faults = FaultLog.of(cluster);
    List<String> seen = new ArrayList<>();
    faults.onApplied(t -> seen.add(t + " up=" + cluster.isUp(cluster.id("n2")) + " now=" + sim.now()));
    FaultPlan.builder().crash(s(1), "n2").restart(s(2), "n2").build().schedule(faults);
    sim.runFor(s(3));
    assertEquals(List.of("at 1s: crash n2 up=false now=1000000000", "at 2s: restart n2 up=true now=2000000000"), seen);
  }

  @Test
  void aListenerAddsNothingToTheTrace() {
    long[] hashes = new long[2];
    for (int run = 0; run < 2; run++) {
      Simulation sim = Simulation.withSeed(4);
      FaultLog faults = FaultLog.of(cluster(sim, 3));
      if (run == 1) {
        faults.onApplied(t -> { });
      }
      FaultPlan.builder().crash(s(1), "n2").restart(s(2), "n2").majorityMinority(s(3)).build().schedule(faults);
      sim.runFor(s(4));
      hashes[run] = sim.trace().hash();
    }
    assertEquals(hashes[0], hashes[1]);
  }

  @Test
  void aFaultThatFailsIsNotRecorded() {
    Simulation sim = Simulation.withSeed(1);
    FaultLog faults = FaultLog.of(cluster(sim, 3));
    TimedFault crash = faults.apply(new Fault.Crash("n1"));
    assertEquals(new TimedFault(Duration.ZERO, new Fault.Crash("n1")), crash);
    assertThrows(IllegalStateException.class, () -> faults.apply(new Fault.Crash("n1")));
    assertThrows(IllegalArgumentException.class, () -> faults.apply(new Fault.Isolate("zz")));
    assertEquals(List.of(crash), faults.entries());
  }
}
