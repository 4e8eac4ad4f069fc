package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.caplab.replication.quorum.RealTimeStaleness.ok;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * ABD reads write the newest value back to a majority before answering, so once a linearizable
 * read returns v, every later quorum read at any coordinator returns v or newer. Plain quorum
 * reads lack this: a read can see a write in progress and a later read miss it (new-old inversion).
 */
class AbdTest {

  private static final LatencyModel JITTERY = LatencyModel.mixture()
      .add(0.7, LatencyModel.exponential(Duration.ofMillis(1)))
      .add(0.3, LatencyModel.uniform(Duration.ofMillis(2), Duration.ofMillis(30)))
      .build();

  /** Later reads that returned something older than an earlier read did (first reads: processes < firsts). */
  static List<String> inversions(long seed, boolean abd) {
    QuorumConfig config = QuorumConfig.custom().replicationFactor(3).antiEntropy(false).build();
    Fixture f = new Fixture(seed, 5, 4, config, JITTERY);
    // Write requests are slow and variable, so a write is often on one replica but not the others.
    f.cluster.network().setDefaultProfile(LinkProfile.custom().latency(JITTERY)
        .latency(QuorumMessage.WriteRequest.class, LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(40)))
        .build());
    ReadOptions plain = ReadOptions.of(Consistency.QUORUM);
    ReadOptions linearizable = ReadOptions.from(plain).linearizable(true).build();
    new Workload(f, seed, 2, 0.5, c -> abd && c < 2 ? linearizable : plain, WriteOptions.of(Consistency.QUORUM))
        .run(80);
    History history = f.history();
    List<String> stale = RealTimeStaleness.staleReads(history);
    assertTrue(stale.isEmpty(), stale::toString);
    List<Operation> ops = history.operations();
    List<Operation> writes = ops.stream().filter(o -> o.f() == Op.Fn.WRITE).toList();
    List<String> out = new ArrayList<>();
    for (Operation first : ops) {
      if (!ok(first, Op.Fn.READ) || first.output() == null || (abd && first.process() >= 2)) {
        continue;
      }
      Operation source = writeOf(writes, first);
      for (Operation later : ops) {
        if (!ok(later, Op.Fn.READ) || later.invokeTime() <= first.completeTime()
            || !later.key().equals(first.key()) || Objects.equals(later.output(), first.output())) {
          continue;
        }
        Operation laterSource = later.output() == null ? null : writeOf(writes, later);
        if (laterSource == null || laterSource.completeTime() < source.invokeTime()) {
          out.add("seed " + seed + ": " + first + " then " + later);
        }
      }
    }
    return out;
  }

  private static Operation writeOf(List<Operation> writes, Operation read) {
    return writes.stream().filter(w -> w.key().equals(read.key()) && w.input().equals(read.output())).findFirst()
        .orElseThrow(() -> new AssertionError("read " + read + " returned a value never written"));
  }

  @Test
  void noReadReturnsOlderThanAnEarlierAbdReadFixedSeeds() {
    for (long seed = 1; seed <= 8; seed++) {
      List<String> bad = inversions(seed, true);
      assertTrue(bad.isEmpty(), bad::toString);
    }
  }

  @Property(tries = 6)
  void noReadReturnsOlderThanAnEarlierAbdRead(@ForAll long seed) {
    List<String> bad = inversions(seed, true);
    assertTrue(bad.isEmpty(), () -> "seed " + seed + ": " + bad);
  }

  @Test
  void plainQuorumReadsInvert() {
    int found = 0;
    for (long seed = 1; seed <= 8; seed++) {
      found += inversions(seed, false).size();
    }
    assertFalse(found == 0, "plain quorum reads should show a new-old inversion on these seeds");
  }

  @Test
  void anAbdReadWritesBackToAMajorityBeforeAnswering() {
    Fixture f = new Fixture(9, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    f.write(0, "k", "v", WriteOptions.custom().replicas(1).fanOut(FanOut.QUORUM_ONLY).build());
    int[] holding = new int[1];
    f.store.client(0).read("k", ReadOptions.custom().consistency(Consistency.ALL).linearizable(true).build(), r -> {
      assertEquals("v", ((ReadOk) r).value());
      for (NodeId n : f.store.storeNodes()) {
        if (f.store.replicaState(n, "k") != null) {
          holding[0]++;
        }
      }
    });
    f.sim.runFor(Duration.ofSeconds(1));
    assertTrue(holding[0] >= 2, "replicas holding v when the read answered: " + holding[0]);
    assertTrue(f.store.metrics().writeBacksSent() >= 1);
  }
}
