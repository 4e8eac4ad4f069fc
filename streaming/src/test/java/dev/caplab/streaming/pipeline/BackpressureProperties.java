package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.streaming.pipeline.internal.Channel;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Backpressure through a whole pipeline, for random buffer sizes, operator chains, source rates,
 * sink rates and checkpoint cadences: after every round no buffer holds more than its capacity,
 * every buffer conserves credit, nothing is dropped, and at the end every record the filter keeps
 * reaches the sink, in order. Each try takes a seed; a failure prints it.
 */
class BackpressureProperties {

  /** A 5 records/s generator of 1,332 records: draining takes 266 s of rounds, more than a fixed bound allowed. */
  @Example
  void aSlowSourceDrainsToo() {
    backpressureNeverDropsNeverOverflowsAndConservesCredit(1091);
  }

  @Property(tries = 200)
  void backpressureNeverDropsNeverOverflowsAndConservesCredit(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ManualTicker ticker = new ManualTicker();
    int capacity = 1 + r.nextInt(6);
    int count = 1 + r.nextInt(2_000);
    int modulus = 2 + r.nextInt(5);
    int sourceRate = 1 + r.nextInt(20_000);
    Flow<Long> flow = Pipeline.from(Source.generator(sourceRate, count, n -> n).withTimestamps(n -> n));
    int maps = r.nextInt(3);
    for (int i = 0; i < maps; i++) {
      flow = flow.map(n -> n);
    }
    flow = flow.filter(n -> n % modulus != 0);
    AtLeastOnceSink<Long> sink = new AtLeastOnceSink<>();
    int sinkRate = 1 + r.nextInt(5_000);
    TokenBucketConfig rate = TokenBucketConfig.custom().ratePerSecond(sinkRate).capacity(1 + r.nextInt(10))
        .initialTokens(0).build();
    Pipeline p = Pipeline.builder(flow.to(sink, rate)).ticker(ticker)
        .config(PipelineConfig.custom().bufferCapacity(capacity).maxPollRecords(1 + r.nextInt(50)).build()).build();
    int checkpointEvery = 1 + r.nextInt(20);
    // One round is 1 ms: the generator needs count / sourceRate seconds and the sink count / sinkRate
    // at least; give the slower twice that, and 10 s more.
    long rounds = 10_000 + 2L * count * 1_000 / Math.min(sourceRate, sinkRate);
    for (long round = 1; round < rounds && !(p.isDrained() && p.pendingCheckpointId() < 0); round++) {
      ticker.advance(Duration.ofMillis(1));
      if (round % checkpointEvery == 0) {
        p.triggerCheckpoint();
      }
      p.runRound();
      for (Channel c : p.channels()) {
        String at = "seed " + seed + " round " + round;
        assertTrue(c.occupancy() <= capacity, at);
        assertEquals(capacity, c.credit() + c.occupancy() + c.unannouncedCredit(), "credit conservation, " + at);
      }
      assertEquals(0, p.dropped(), "seed " + seed);
    }
    assertTrue(p.isDrained(), "seed " + seed + ": not drained after " + rounds + " rounds");
    long expected = 0;
    for (long n = 0; n < count; n++) {
      if (n % modulus != 0) {
        assertEquals(n, sink.appended().get((int) expected), "no record lost, in order, seed " + seed);
        expected++;
      }
    }
    assertEquals(expected, sink.appended().size(), "seed " + seed);
  }
}
