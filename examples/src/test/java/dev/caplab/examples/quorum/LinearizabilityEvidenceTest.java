package dev.caplab.examples.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Verdict;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.WriteOptions;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quorum store's correctness evidence that needs the linearizability checker: histories of ABD reads
 * (with QUORUM writes) are linearizable under random partitions and crashes, checked on many
 * seeds; plain QUORUM reads are not, shown by a counterexample the checker finds.
 */
class LinearizabilityEvidenceTest {

  private static final Duration BUDGET = Duration.ofSeconds(20);

  /**
   * Partitions and crashes about four times a second each, lasting 250 ms on average, of store
   * nodes and clients alike (a crashed client's operation stays unknown); no clock skew.
   */
  private static NemesisConfig partitionsAndCrashes() {
    return NemesisConfig.custom().partitionsPerMinute(240).crashesPerMinute(240).clockSkewsPerMinute(0)
        .includeClients(true).meanFaultDuration(Duration.ofMillis(250)).start(Duration.ofMillis(20)).build();
  }

  static MixedWorkload.Result run(long seed, boolean abd) {
    ReadOptions read = ReadOptions.custom().consistency(Consistency.QUORUM).linearizable(abd).build();
    return MixedWorkload.builder().seed(seed).nodes(5, 5)
        .config(QuorumConfig.custom().replicationFactor(3).requestTimeout(Duration.ofMillis(100))
            .replicaTimeout(Duration.ofMillis(50)).build())
        .options(read, WriteOptions.of(Consistency.QUORUM))
        .profile(PbsProfile.byName("LNKD-DISK")).keys(2).maxThink(Duration.ofMillis(2)).ops(1500)
        .nemesis(partitionsAndCrashes()).build().run();
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void abdHistoriesAreLinearizableUnderPartitionsAndCrashes(long seed) {
    MixedWorkload.Result r = run(seed, true);
    assertFalse(r.faults().isEmpty(), "seed " + seed + ": the nemesis should have struck");
    LinearizabilityResult lin = r.linearizability(BUDGET);
    assertEquals(Verdict.TRUE, lin.valid(), () -> "seed " + seed + ": " + lin
        + (lin.counterexample() == null ? "" : "\n" + lin.counterexample().describe()));
  }

  @Test
  void plainQuorumReadsAreNotLinearizable() {
    MixedWorkload.Result r = run(1, false);
    LinearizabilityResult lin = r.linearizability(BUDGET);
    assertEquals(Verdict.FALSE, lin.valid(), lin::toString);
    assertNotNull(lin.counterexample());
    String why = lin.counterexample().describe();
    assertTrue(why.contains("read"), why);
    // Not a stale read in the real-time sense: strict quorums never return a value older than a
    // completed write; the violation is a new-old inversion between overlapping operations.
    assertEquals(0, r.stats().staleReads(), "strict quorums read nothing stale");
  }
}
