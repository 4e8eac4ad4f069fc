package dev.caplab.benchmarks;

import dev.caplab.streaming.pipeline.CollectingSink;
import dev.caplab.streaming.pipeline.Pipeline;
import dev.caplab.streaming.pipeline.Source;
import dev.caplab.streaming.pipeline.Topology;
import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of a streaming {@link Pipeline}, source -> keyBy -> tumbling 10 s window sum -> sink,
 * one thread, in events per second: {@value #EVENTS} events over {@value #KEYS} keys, 100 µs of
 * event time apart (about 26 s of event time, three windows per key), through buffers of the
 * default capacity with backpressure. {@code checkpointEvery} is the number of records read between
 * two checkpoint triggers (0: no checkpoints); each checkpoint copies the window operator's
 * snapshot, the open windows' accumulators and timers, so its cost grows with the keys.
 *
 * <p>{@code bareAggregatorReference} runs the same events straight through a {@link
 * WindowedAggregator} with a watermark per 500 events (the pipeline's default poll size): the
 * ratio of a pipeline figure to it is what the runtime (buffers, rounds, records as objects,
 * checkpoints) costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PipelineThroughput {

  static final int KEYS = 1_000;
  static final int EVENTS = 1 << 18;
  static final int WATERMARK_EVERY = 500;

  @Param({"0", "10000", "100000"})
  public int checkpointEvery;

  List<Long> events;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    events = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      events.add((long) i * KEYS + random.nextInt(KEYS));
    }
  }

  static long keyOf(long event) {
    return event % KEYS;
  }

  static long timestampOf(long event) {
    return event / KEYS / 10; // 100 µs per event, in ms
  }

  static WindowedAggregator.Builder<Long, Long, Number> sums() {
    return WindowedAggregator.<Long>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofSeconds(10))).build());
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long pipeline() {
    CollectingSink<Pane<Long, Number>> sink = new CollectingSink<>();
    Topology t = Pipeline.from(Source.fromList(events).withTimestamps(PipelineThroughput::timestampOf))
        .keyBy(PipelineThroughput::keyOf).window(sums()).to(sink);
    Pipeline p = Pipeline.builder(t).ticker(new ManualTicker()).build();
    long next = checkpointEvery;
    while (true) {
      if (checkpointEvery > 0 && p.recordsRead() >= next) {
        p.triggerCheckpoint();
        next += checkpointEvery;
      }
      if (!p.runRound()) {
        break;
      }
    }
    long checksum = p.checkpointsCompleted();
    for (Pane<Long, Number> pane : sink.records()) {
      checksum += pane.value().longValue();
    }
    return checksum;
  }

  /** The same events straight through a window aggregator: the floor the runtime adds to. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long bareAggregatorReference() {
    long[] checksum = new long[1];
    WindowedAggregator<Long, Long, Number> op = sums().build(pane -> checksum[0] += pane.value().longValue());
    long max = Long.MIN_VALUE;
    for (int i = 0; i < EVENTS; i++) {
      long e = events.get(i);
      long ts = timestampOf(e);
      op.process(keyOf(e), e, ts);
      max = Math.max(max, ts);
      if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
        op.advanceWatermark(max - 1);
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    return checksum[0];
  }
}
