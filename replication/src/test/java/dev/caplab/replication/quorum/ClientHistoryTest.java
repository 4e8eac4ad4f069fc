package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.Linearizability;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clients record their operations as a history, across crashes. */
class ClientHistoryTest {

  private static final WriteOptions WRITE_ALL = WriteOptions.of(Consistency.ALL);
  private static final ReadOptions READ_ALL = ReadOptions.of(Consistency.ALL);

  @Test
  void aClientRestartedWithAWriteOutstandingKeepsRecordingAndTheLostWriteIsUnknown() {
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    assertTrue(f.write(0, "k", "a", WRITE_ALL).ok());
    List<QuorumResult> lost = new ArrayList<>();
    f.store.client(0).write("k", "b", WRITE_ALL, lost::add);
    // The write reaches the replicas (client -> coordinator -> replicas: 2 ms), the client
    // crashes before the answer comes back and never learns the outcome.
    f.sim.runFor(Duration.ofNanos(2_500_000));
    NodeId client = f.store.clientIds().get(0);
    f.cluster.crash(client);
    f.cluster.restart(client);
    f.sim.runFor(Duration.ofMillis(10));
    assertTrue(lost.isEmpty(), lost::toString);

    ReadOk read = (ReadOk) f.read(0, "k", READ_ALL); // no "already has an outstanding write"
    assertEquals("b", read.value(), "the lost write took effect");

    List<Op> events = f.history().events();
    assertEquals(6, events.size(), events::toString);
    Op invokeB = events.get(2);
    Op infoB = events.get(3);
    Op invokeRead = events.get(4);
    assertEquals(new Op(0, Op.Type.INVOKE, Op.Fn.WRITE, "k", "b", invokeB.time()), invokeB);
    assertEquals(new Op(0, Op.Type.INFO, Op.Fn.WRITE, "k", "b", invokeRead.time()), infoB,
        "the restarted client abandons the lost write when it invokes the next operation");
    assertEquals(new Op(0, Op.Type.INVOKE, Op.Fn.READ, "k", null, invokeRead.time()), invokeRead);
    assertEquals(new Op(0, Op.Type.OK, Op.Fn.READ, "k", "b", events.get(5).time()), events.get(5));
    // Reading "b" is linearizable only because the lost write's outcome is unknown.
    assertEquals(Verdict.TRUE,
        Linearizability.ofDefaults().check(f.history(), Models.kv(null)).valid());
  }

  @Test
  void aRecorderUnderSiblingVersioningNeedsAResolver() {
    for (Versioning versioning : new Versioning[] {Versioning.VECTOR, Versioning.DVV}) {
      QuorumCluster.Builder b = QuorumCluster.builder(Cluster.create(Simulation.withSeed(1)))
          .config(QuorumConfig.custom().versioning(versioning).build())
          .recorder(new HistoryRecorder());
      IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
      assertEquals("a recorder under versioning " + versioning + " needs a resolver: a read of"
          + " concurrent siblings has no single value to record; set resolver(...) too, or record"
          + " no history", e.getMessage());
      b.resolver(SiblingResolver.maxValue()).build();
    }
    QuorumCluster.builder(Cluster.create(Simulation.withSeed(1)))
        .config(QuorumConfig.custom().versioning(Versioning.VECTOR).build()).build();
  }
}
