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
}
