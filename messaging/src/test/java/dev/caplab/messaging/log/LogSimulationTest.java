package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A broker, an idempotent producer and three consumers over a lossy, duplicating network, with
 * crashes of every node, restarts and partitions: the log ends up with every record exactly once,
 * and the group processes every record at least once.
 */
class LogSimulationTest {

  static final int RECORDS = 150;
  static final int PARTITIONS = 3;
  static final Duration FAULTS_FOR = Duration.ofSeconds(8);
  static final List<String> CONSUMERS = List.of("c1", "c2", "c3");

  /** What a run ends with. */
  record Outcome(long traceHash, List<String> logValues, Set<String> processed, int handovers,
      long producerDuplicates, long refusedCommits, boolean caughtUp, int faults) {}

  static Outcome run(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(15)))
        .loss(0.05).duplication(0.03).build());
    Map<String, TopicConfig> topics = Map.of("orders", TopicConfig.custom().partitions(PARTITIONS).segmentRecords(16).build());
    GroupConfig groups = GroupConfig.custom().sessionTimeout(Duration.ofMillis(400)).build();
    NodeId broker = cluster.add("broker", () -> new LogBroker(topics, groups));
    List<Object[]> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(new Object[] {i % 5 == 0 ? null : "customer-" + (i % 11), "order-" + i});
    }
    NodeId producer = cluster.add("producer",
        () -> new ProducerNode("broker", "orders", PARTITIONS, records, Duration.ofMillis(60)));
    List<String> handled = new ArrayList<>(); // the consumers' effect on the world: survives crashes
    List<NodeId> consumers = new ArrayList<>();
    for (String name : CONSUMERS) {
      consumers.add(cluster.add(name, () -> new ConsumerNode("broker", "billing", "orders", Duration.ofMillis(20),
          Duration.ofMillis(60), 10, (p, o, ts, k, v) -> handled.add(p + "@" + o + "=" + v))));
    }
    List<NodeId> all = new ArrayList<>(List.of(broker, producer));
    all.addAll(consumers);

    RandomGenerator random = sim.random("faults");
    int[] faults = {0};
    for (long at = 200; at < FAULTS_FOR.toMillis(); at += 250) {
      sim.schedule(Duration.ofMillis(at), () -> {
        NodeId victim = all.get(random.nextInt(all.size()));
        int kind = random.nextInt(3);
        if (kind == 0 && cluster.isUp(victim)) {
          cluster.crash(victim);
          faults[0]++;
          sim.schedule(Duration.ofMillis(50 + random.nextInt(400)), () -> {
            if (!cluster.isUp(victim)) {
              cluster.restart(victim);
            }
          });
        } else if (kind == 1) {
          cluster.network().isolate(victim);
          faults[0]++;
          sim.schedule(Duration.ofMillis(50 + random.nextInt(600)), () -> cluster.network().heal());
        }
      });
    }
    sim.runFor(FAULTS_FOR);
    cluster.network().heal();
    for (NodeId n : all) {
      if (!cluster.isUp(n)) {
        cluster.restart(n);
      }
    }
    boolean caughtUp = sim.runUntil(() -> {
      LogBroker b = cluster.node(broker, LogBroker.class);
      ProducerNode pn = cluster.node(producer, ProducerNode.class);
      return b != null && b.log() != null && pn != null && pn.done() && b.log().groups().contains("billing")
          && b.log().group("billing", "orders", groups).totalLag() == 0;
    }, Duration.ofSeconds(60));

    PartitionedLog<Object, Object> log = cluster.node(broker, LogBroker.class).log();
    List<String> values = new ArrayList<>();
    Set<String> inLog = new HashSet<>();
    for (int p = 0; p < PARTITIONS; p++) {
      for (LogRecord<Object, Object> r : log.read("orders", p, 0, Integer.MAX_VALUE)) {
        values.add((String) r.value());
        inLog.add(p + "@" + r.offset() + "=" + r.value());
      }
    }
    Set<String> processed = new HashSet<>(handled);
    assertTrue(inLog.containsAll(processed), "seed " + seed + ": a consumer processed a record the log does not have");
    long refused = 0;
    for (NodeId c : consumers) {
      refused += cluster.node(c, ConsumerNode.class).refusedCommits();
    }
    return new Outcome(sim.trace().hash(), values, processed, handled.size(),
        cluster.node(producer, ProducerNode.class).duplicates(), refused, caughtUp, faults[0]);
  }

  static void check(long seed) {
    Outcome o = run(seed);
    String why = "seed " + seed + " (re-run LogSimulationTest.run(" + seed + ")): " + o.faults() + " faults";
    assertTrue(o.caughtUp(), why + ": the producer or the group never finished");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      expected.add("order-" + i);
    }
    List<String> sorted = new ArrayList<>(o.logValues());
    sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(6)), Integer.parseInt(b.substring(6))));
    assertEquals(expected, sorted, why + ": the log must hold every record exactly once");
    assertEquals(RECORDS, o.processed().size(), why + ": every record must be processed at least once");
  }

  @Test
  void fixedSeedsLoseNothingAndDuplicateNothingInTheLog() {
    for (long seed = 1; seed <= 8; seed++) {
      check(seed);
    }
  }

  @Test
  void randomSeedsLoseNothingAndDuplicateNothingInTheLog() {
    long base = new SplittableRandom().nextLong();
    for (int i = 0; i < 4; i++) {
      long seed = base + i;
      try {
        check(seed);
      } catch (AssertionError e) {
        throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void theFaultsBite() {
    Outcome o = run(3);
    assertTrue(o.faults() > 10, "faults injected: " + o.faults());
    long totalDuplicates = 0;
    long handovers = 0;
    long refused = 0;
    for (long seed = 1; seed <= 8; seed++) {
      Outcome r = run(seed);
      totalDuplicates += r.producerDuplicates();
      handovers += r.handovers() - r.processed().size();
      refused += r.refusedCommits();
    }
    assertTrue(totalDuplicates > 0, "some retries had landed before: the broker dropped them");
    assertTrue(handovers > 0, "some records were processed more than once: at least once, not exactly once");
    assertTrue(refused >= 0);
  }

  @Test
  void aRunIsAFunctionOfItsSeed() {
    Outcome a = run(5);
    Outcome b = run(5);
    assertEquals(a, b);
    assertNotEquals(a.traceHash(), run(6).traceHash());
  }
}
