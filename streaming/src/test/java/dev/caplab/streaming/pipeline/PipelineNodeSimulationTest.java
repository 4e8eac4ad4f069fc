package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's second life: inside a simulated node, on the node's clock and timers, its
 * checkpoints in the node's durable storage. The node crashes and restarts at seed-drawn times while
 * producers keep appending to the log; the transactional sink's committed output equals that of a
 * run without crashes. Fixed seeds, plus one random seed printed on failure.
 */
class PipelineNodeSimulationTest {

  private static final Duration PRODUCE_FOR = Duration.ofSeconds(2);
  private static final Duration RUN_FOR = Duration.ofSeconds(4);

  /** Runs the node with the given crashes and returns the committed output, sorted. */
  private static List<String> run(long seed, boolean crashes) {
    Simulation sim = Simulation.withSeed(seed);
    PartitionedLog<String, Long> log = PartitionedLog.create(sim.ticker());
    log.createTopic("events", 3);
    RandomGenerator workload = sim.random("workload");
    long t = 0;
    for (long i = 0; t < PRODUCE_FOR.toNanos(); i++) {
      t += 1 + workload.nextLong(2_000_000);
      long value = i;
      String key = "k" + workload.nextInt(8);
      sim.scheduleAt(t, () -> log.append("events", key, value));
    }
    TransactionalSink<String> sink = new TransactionalSink<>();
    Topology topology = Pipeline.from(Source.fromLog(log, "events", 0, 2, 0).withTimestamps(r -> r.value()))
        .keyBy(LogRecord::key)
        .<Long, String>process((key, rec, ts, state, out) -> {
          long n = (state.value() == null ? 0 : state.value()) + 1;
          state.update(n);
          out.collect(key + "#" + n + "=" + rec.value());
        })
        .to(sink);
    PipelineConfig config = PipelineConfig.custom().bufferCapacity(8).maxPollRecords(20)
        .checkpointInterval(Duration.ofMillis(50)).build();
    Cluster cluster = Cluster.create(sim);
    NodeId node = cluster.add("pipeline", () -> new PipelineNode(topology, config));
    if (crashes) {
      RandomGenerator faults = sim.random("faults");
      long at = 0;
      for (int i = 0; i < 3; i++) {
        at += Duration.ofMillis(200 + faults.nextInt(600)).toNanos();
        long down = Duration.ofMillis(10 + faults.nextInt(200)).toNanos();
        sim.scheduleAt(at, () -> cluster.crash(node));
        sim.scheduleAt(at + down, () -> cluster.restart(node));
        at += down;
      }
    }
    sim.runFor(RUN_FOR);
    assertEquals(0, sink.pendingTransactions(), "seed " + seed);
    List<String> out = new ArrayList<>(sink.committed());
    Collections.sort(out);
    return out;
  }

  /** A node that runs the pipeline, restoring it from its durable storage on every start. */
  private static final class PipelineNode implements Node {
    private final Topology topology;
    private final PipelineConfig config;

    PipelineNode(Topology topology, PipelineConfig config) {
      this.topology = topology;
      this.config = config;
    }

    @Override
    public void onStart(NodeContext ctx) {
      Pipeline.builder(topology).config(config).ticker(ctx::now).scheduler(ctx.scheduler())
          .checkpointStore(CheckpointStore.durable(ctx.storage(), "checkpoint")).restore().start();
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {
      throw new IllegalStateException("the pipeline node takes no messages, got " + envelope);
    }
  }

  private static void check(long seed) {
    List<String> expected = run(seed, false);
    List<String> actual = run(seed, true);
    assertTrue(expected.size() > 500, "seed " + seed + ": " + expected.size());
    assertEquals(expected, actual, "seed " + seed);
  }

  @Test
  void crashesAndRestartsOfTheNodeDoNotChangeTheCommittedOutput() {
    for (long seed = 1; seed <= 5; seed++) {
      check(seed);
    }
  }

  @Test
  void aRandomSeed() {
    long seed = new SplittableRandom().nextLong();
    try {
      check(seed);
    } catch (AssertionError e) {
      throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
    }
  }
}
