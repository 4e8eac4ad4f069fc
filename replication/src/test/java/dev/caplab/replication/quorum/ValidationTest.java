package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail fast, naming the setting, the value and the allowed range. */
class ValidationTest {

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void rOrWLargerThanNIsRejected() {
    assertEquals("read consistency R must be between 1 and N (3), got R=4",
        message(() -> ReadOptions.custom().replicas(4).build().validate(3)));
    assertEquals("write consistency W must be between 1 and N (3), got W=5",
        message(() -> QuorumConfig.custom().writeDefaults(WriteOptions.custom().replicas(5).build()).build()));
    assertEquals("read consistency R must be between 1 and N (1), got R=2 (TWO)",
        message(() -> QuorumConfig.custom().replicationFactor(1).consistency(Consistency.TWO, Consistency.ONE).build()));
  }

  @Test
  void rOrWBelowOneIsRejected() {
    assertEquals("read replicas R must be >= 1, got 0", message(() -> ReadOptions.custom().replicas(0)));
    assertEquals("write replicas W must be >= 1, got -1", message(() -> WriteOptions.custom().replicas(-1)));
    assertEquals("replicationFactor N must be >= 1, got 0", message(() -> QuorumConfig.custom().replicationFactor(0)));
  }

  @Test
  void vnodesBelowOneIsRejected() {
    assertEquals("vnodes must be >= 1, got 0", message(() -> QuorumConfig.custom().vnodes(0)));
  }

  @Test
  void nLargerThanTheClusterIsRejected() {
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    QuorumConfig config = QuorumConfig.custom().replicationFactor(5).build();
    assertEquals("replicationFactor N must be between 1 and the number of store nodes (3), got N=5",
        message(() -> QuorumCluster.builder(cluster).storeNodes(3).config(config).build()));
  }

  @Test
  void unknownNamesListTheAllowedValues() {
    assertEquals("unknown consistency level 'most'; allowed values: one, two, three, quorum, all, any",
        message(() -> Consistency.parse("most")));
    assertEquals(Consistency.QUORUM, Consistency.parse(" Quorum "));
    assertEquals(FanOut.QUORUM_ONLY, FanOut.parse("quorum-only"));
    assertEquals("unknown read repair 'later'; allowed values: none, async, blocking",
        message(() -> ReadRepair.parse("later")));
    assertEquals(Versioning.VECTOR, Versioning.parse("vector"));
  }

  @Test
  void anyIsForWritesOnly() {
    assertEquals("read consistency must be one of ONE, TWO, THREE, QUORUM, ALL, got ANY (ANY is for writes only)",
        message(() -> ReadOptions.of(Consistency.ANY)));
    assertEquals(1, WriteOptions.of(Consistency.ANY).required(5));
  }

  @Test
  void levelsResolveAgainstN() {
    assertEquals(3, Consistency.QUORUM.required(5));
    assertEquals(2, Consistency.QUORUM.required(3));
    assertEquals(3, Consistency.QUORUM.required(4));
    assertEquals(4, Consistency.ALL.required(4));
  }

  @Test
  void clashingTimeoutsAndBadDurationsAreRejected() {
    assertEquals("replicaTimeout must be <= requestTimeout (10ms), got 20ms", assertThrows(IllegalStateException.class,
        () -> QuorumConfig.custom().requestTimeout(Duration.ofMillis(10)).replicaTimeout(Duration.ofMillis(20)).build())
        .getMessage());
    assertEquals("hintWindow must be > 0s, got 0s", message(() -> QuorumConfig.custom().hintWindow(Duration.ZERO)));
    assertEquals("merkleDepth must be between 0 and 16, got 17", message(() -> QuorumConfig.custom().merkleDepth(17)));
  }

  /** Every duration setting becomes nanoseconds in the run: one too long for a long is refused when set. */
  @Test
  void durationsBeyondALongOfNanosecondsAreRefusedWhenSet() {
    Duration tooLong = Duration.ofSeconds(Long.MAX_VALUE);
    String got = " must be <= 9223372036.854775807s, got 9223372036854775807s";
    assertEquals("requestTimeout" + got, message(() -> QuorumConfig.custom().requestTimeout(tooLong)));
    assertEquals("replicaTimeout" + got, message(() -> QuorumConfig.custom().replicaTimeout(tooLong)));
    assertEquals("hintWindow" + got, message(() -> QuorumConfig.custom().hintWindow(tooLong)));
    assertEquals("hintReplayInterval" + got, message(() -> QuorumConfig.custom().hintReplayInterval(tooLong)));
    assertEquals("antiEntropyInterval" + got, message(() -> QuorumConfig.custom().antiEntropyInterval(tooLong)));
  }

  @Test
  void perRequestOptionsAreCheckedWhenIssued() {
    Fixture f = new Fixture(1, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    assertEquals("read consistency R must be between 1 and N (3), got R=4",
        message(() -> f.store.client(0).read("k", ReadOptions.custom().replicas(4).build(), r -> {})));
    assertEquals("write consistency W must be between 1 and N (3), got W=4",
        message(() -> f.store.client(0).write("k", "v", WriteOptions.custom().replicas(4).build(), r -> {})));
  }
}
