package dev.caplab.examples.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixedWorkloadTest {

  private static MixedWorkload workload(long seed) {
    return MixedWorkload.builder().seed(seed).nodes(3, 3).ops(300)
        .faults(FaultPlan.builder().partition(Duration.ofMillis(100), List.of("n0", "c0"), List.of("n1", "n2", "c1", "c2"))
            .heal(Duration.ofMillis(300)).build())
        .build();
  }

  @Test
  void runningOnAGivenFaultLogIsTheSameRunAndLogsItsFaults() {
    MixedWorkload.Result own = workload(9).run();
    FaultLog log = FaultLog.of(Cluster.create(Simulation.withSeed(9)));
    MixedWorkload.Result given = workload(1).run(log); // the simulation's seed, not the setting, decides
    assertEquals(own.traceHash(), given.traceHash());
    assertEquals(own.history(), given.history());
    assertEquals(own.faults(), given.faults());
    assertEquals(given.faults(), log.entries());
    assertFalse(log.entries().isEmpty());
    assertTrue(log.cluster().ids().size() == 6, log.cluster().ids().toString());
  }

  @Test
  void aClusterInUseIsBadInput() {
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    cluster.simulation().runFor(Duration.ofMillis(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> workload(1).run(FaultLog.of(cluster)));
    assertTrue(e.getMessage().contains("fresh simulation"), e.getMessage());
  }

  /**
   * A slow workload ran fewer operations than asked for, silently, once it reached one simulated
   * hour: it now runs them all, however long that takes in virtual time.
   */
  @Test
  void runsEveryOperationAskedForHoweverLongItTakes() {
    MixedWorkload.Result r = MixedWorkload.builder().seed(2).nodes(3, 1).ops(5000)
        .profile(dev.caplab.replication.pbs.PbsProfile.byName("exp:1000,1000,1000,1000")).build().run();
    assertTrue(r.simulatedNanos() > Duration.ofHours(1).toNanos(), "the test needs a run past an hour: "
        + Duration.ofNanos(r.simulatedNanos()));
    assertEquals(5000, r.history().operations().size());
    assertEquals(5000, r.stats().ops());
  }

  /**
   * Unavailable time is the clients' time after operations that failed, up to their next
   * invocation: a client that waits long for each failure weighs as much as its waiting, not as
   * its few attempts.
   */
  @Test
  void unavailableTimeIsTheClientsTimeAfterFailedOperations() {
    MixedWorkload.Result r = workload(3).run();
    MixedWorkload.Stats st = r.stats();
    long all = 0;
    long failed = 0;
    java.util.Map<Integer, List<dev.caplab.history.Operation>> byClient = new java.util.TreeMap<>();
    for (dev.caplab.history.Operation o : r.history().operations()) {
      byClient.computeIfAbsent(o.process(), p -> new java.util.ArrayList<>()).add(o);
    }
    for (List<dev.caplab.history.Operation> ops : byClient.values()) {
      for (int i = 0; i + 1 < ops.size(); i++) {
        long span = ops.get(i + 1).invokeTime() - ops.get(i).invokeTime();
        all += span;
        failed += ops.get(i).status() == dev.caplab.history.Operation.Status.OK ? 0 : span;
      }
    }
    assertTrue(failed > 0, "the partition makes some operations fail");
    assertTrue(st.clientNanos() >= all && st.unavailableNanos() >= failed, st.toString());
    // Each client's last operation adds at most its own duration (or the run's tail).
    assertTrue(st.clientNanos() - all <= byClient.size() * r.simulatedNanos(), st.toString());
    assertEquals((double) st.unavailableNanos() / st.clientNanos(), st.fractionUnavailableTime(), 1e-12);
    assertTrue(st.fractionUnavailableTime() > st.fractionUnavailable(),
        "c0 cut off waits a timeout per attempt, so it fails more time than operations: " + st);
  }
}
