package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.OffsetOutOfRangeException;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.node.Storage;
import dev.caplab.sim.Simulation;
import dev.caplab.streaming.pipeline.internal.Channel;
import dev.caplab.streaming.window.LongAggregation;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The pipeline's behaviour: operators, watermarks, alignment, sinks, buffers, bad input. */
class PipelineTest {

  private final ManualTicker ticker = new ManualTicker();

  /** A reading with a sensor key, a value, an event time (ms) and a priority. */
  record Reading(String sensor, long value, long ts, int priority) {}

  private static List<Reading> readings(int n) {
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Reading("s" + (i % 3), i, i * 10L, i % 4));
    }
    return out;
  }

  private Pipeline.Builder builder(Topology t) {
    return Pipeline.builder(t).ticker(ticker);
  }

  @Test
  void mapFilterAndProcessComputeARunningSumPerKey() {
    CollectingSink<String> sink = new CollectingSink<>();
    Topology t = Pipeline.from(Source.fromList(readings(9)).withTimestamps(Reading::ts))
        .filter(r -> r.value() != 4)
        .map(r -> new Reading(r.sensor(), r.value() * 10, r.ts(), r.priority()))
        .keyBy(Reading::sensor)
        .<Long, String>process((key, r, ts, state, out) -> {
          long sum = (state.value() == null ? 0 : state.value()) + r.value();
          state.update(sum);
          out.collect(key + "=" + sum);
        }).to(sink);
    Pipeline p = builder(t).build();
    p.runUntilIdle(1_000);
    assertEquals(List.of("s0=0", "s1=10", "s2=20", "s0=30", "s2=70", "s0=90", "s1=80", "s2=150"), sink.records());
    assertTrue(p.isDrained());
    assertEquals(9, p.recordsRead());
    assertEquals(8, p.recordsWritten());
    assertEquals(5, t.tasks());
  }

  @Test
  void windowsFireAsTheWatermarkPassesAndTheEndOfAListFiresTheRest() {
    CollectingSink<Pane<String, Number>> sink = new CollectingSink<>();
    WindowedAggregator.Builder<String, Long, Number> sums = WindowedAggregator.<String>longs(LongAggregation.SUM)
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(30))).build());
    Topology t = Pipeline.from(Source.fromList(readings(7)).withTimestamps(Reading::ts))
        .map(Reading::value).keyBy(v -> v % 2 == 0 ? "even" : "odd").window(sums).to(sink);
    builder(t).build().runUntilIdle(1_000);
    List<String> panes = sink.records().stream()
        .map(p -> p.key() + "@" + p.window().start() + "=" + p.value()).collect(Collectors.toList());
    // values 0..6 at 0,10,..,60 ms; windows [0,30) [30,60) [60,90)
    assertEquals(List.of("even@0=2", "odd@0=1", "odd@30=8", "even@30=4", "even@60=6"), panes);
  }

  @Test
  void theCombinedWatermarkIsTheMinimumOverTheInputs() {
    CollectingSink<Pane<String, Number>> sink = new CollectingSink<>();
    WindowedAggregator.Builder<String, Long, Number> counts = WindowedAggregator.<String>longs(LongAggregation.COUNT)
        .config(WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(100))).build());
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("fast", 1);
    log.createTopic("slow", 1);
    Source<LogRecord<String, Long>> fast = Source.fromLog(log, "fast", 0, 0, 0).withTimestamps(r -> r.value());
    Source<LogRecord<String, Long>> slow = Source.fromLog(log, "slow", 0, 0, 0).withTimestamps(r -> r.value());
    Topology t = Pipeline.union(List.of(fast, slow)).map(LogRecord::value).keyBy(v -> "all").window(counts).to(sink);
    Pipeline p = builder(t).build();
    log.append("fast", 0, "a", 50L);
    log.append("fast", 0, "a", 250L);
    log.append("slow", 0, "b", 60L);
    p.runUntilIdle(100);
    assertTrue(sink.records().isEmpty(), "the slow input at 60 ms holds the window [0,100) open");
    log.append("slow", 0, "b", 150L);
    p.runUntilIdle(100);
    assertEquals(1, sink.records().size());
    assertEquals(2L, sink.records().get(0).value().longValue(), "50 from fast, 60 from slow");
  }

  @Test
  void anInputThatDeliveredTheBarrierIsBlockedUntilTheOtherDelivers() {
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("a", 1);
    log.createTopic("b", 1);
    CollectingSink<Long> sink = new CollectingSink<>();
    Topology t = Pipeline.union(List.of(Source.fromLog(log, "a", 0, 0, 0), Source.fromLog(log, "b", 0, 0, 0)))
        .map(LogRecord::value).to(sink);
    Pipeline p = builder(t).build();
    long id = p.triggerCheckpoint();
    log.append("a", 0, "x", 1L);
    log.append("a", 0, "x", 2L);
    // the barrier on "b" is behind nothing; hold "b"'s barrier back by sending a record first
    List<Channel> ch = p.channels();
    ch.get(1).poll(); // take "b"'s barrier out of the way: it will be re-sent below
    p.runRound();
    p.runRound();
    p.runRound();
    assertTrue(p.operatorTasks()[0].isBlocked(0), "input a delivered barrier " + id + " and waits");
    assertEquals(2, ch.get(0).occupancy(), "a's records after the barrier stay in a's buffer");
    assertEquals(List.of(), sink.records());
    ch.get(1).sendControl(new dev.caplab.streaming.pipeline.internal.Control.Barrier(id));
    p.runUntilIdle(100);
    assertFalse(p.operatorTasks()[0].isBlocked(0));
    assertEquals(List.of(1L, 2L), sink.records());
    assertEquals(1, p.checkpointsCompleted());
    assertTrue(p.operatorTasks()[0].alignmentBlockedRounds() >= 3);
  }

  @Test
  void aTransactionalSinkShowsRecordsOnlyWhenTheirCheckpointCompletes() {
    TransactionalSink<Long> sink = new TransactionalSink<>();
    CheckpointStore store = CheckpointStore.inMemory();
    Topology t = Pipeline.from(Source.fromList(List.of(1L, 2L, 3L))).to(sink);
    Pipeline p = builder(t).checkpointStore(store).build();
    p.runUntilIdle(100);
    assertEquals(List.of(), sink.committed());
    long id = p.triggerCheckpoint();
    assertEquals(-1, p.triggerCheckpoint(), "one checkpoint at a time");
    assertEquals(1, p.checkpointsSkipped());
    assertEquals(id, p.pendingCheckpointId());
    p.runUntilIdle(100);
    assertEquals(List.of(1L, 2L, 3L), sink.committed());
    assertEquals(1, sink.commits());
    assertEquals(id, store.latest().orElseThrow().id());
    assertEquals(id, p.lastCheckpointId());
    assertEquals(-1, p.pendingCheckpointId());
  }

  @Test
  void aRestoreCommitsThePreCommittedTransactionOfTheRestoredCheckpointAndAbortsLaterOnes() {
    TransactionalSink<Long> sink = new TransactionalSink<>();
    var writer = sink.newWriter();
    writer.write(1L);
    writer.snapshot(1);
    writer.write(2L);
    writer.snapshot(2);
    writer.write(3L);
    sink.newWriter().restore(1, 1L);
    assertEquals(List.of(1L), sink.committed());
    assertEquals(1, sink.aborts());
    assertEquals(0, sink.pendingTransactions());
  }

  @Test
  void aLogSourceReplaysFromAnyOffsetAndCheckpointsItsOffsets() {
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("t", 2);
    for (long i = 0; i < 6; i++) {
      log.append("t", (int) (i % 2), "k", i);
    }
    CollectingSink<Long> sink = new CollectingSink<>();
    CheckpointStore store = CheckpointStore.inMemory();
    Topology t = Pipeline.from(Source.fromLog(log, "t", 0, 2L, 1L)).map(LogRecord::value).to(sink);
    Pipeline p = builder(t).checkpointStore(store).build();
    p.runUntilIdle(100);
    assertEquals(new TreeSet<>(List.of(4L, 3L, 5L)), new TreeSet<>(sink.records()));
    p.triggerCheckpoint();
    p.runUntilIdle(100);
    assertEquals("[3, 3]", store.latest().orElseThrow().taskStates().get(0).toString());
    log.append("t", 0, "k", 6L);
    Pipeline restored = builder(t).checkpointStore(store).restore();
    assertEquals(1, restored.restoredFrom());
    assertEquals(1, restored.sourceLag());
    restored.runUntilIdle(100);
    assertEquals(4, sink.records().size());
    assertEquals(6L, sink.records().get(3));
  }

  @Test
  void aRestoreWithoutACheckpointStartsOverAndRollsTheSinkBack() {
    CollectingSink<Long> sink = new CollectingSink<>();
    AtLeastOnceSink<Long> append = new AtLeastOnceSink<>();
    Topology t1 = Pipeline.from(Source.fromList(List.of(1L, 2L))).to(sink);
    Topology t2 = Pipeline.from(Source.fromList(List.of(1L, 2L))).to(append);
    builder(t1).build().runUntilIdle(100);
    builder(t2).build().runUntilIdle(100);
    Pipeline p = builder(t1).restore();
    assertEquals(-1, p.restoredFrom());
    assertEquals(List.of(), sink.records());
    builder(t2).restore();
    assertEquals(2, append.duplicates());
  }

  @Test
  void aCheckpointOfAnotherTopologyIsRefused() {
    CheckpointStore store = CheckpointStore.inMemory();
    store.save(new Checkpoint(3, 0, 0, List.of(0)));
    Topology t = Pipeline.from(Source.fromList(List.of(1L))).map(x -> x).to(new CollectingSink<>());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder(t).checkpointStore(store).restore());
    assertEquals("checkpoint 3 must hold one state per task of the topology (3), got 1 states", e.getMessage());
  }

  @Test
  void theDurableStoreKeepsTheCheckpointAcrossACrashOfItsStorage() {
    FakeStorage storage = new FakeStorage();
    CheckpointStore store = CheckpointStore.durable(storage, "cp");
    Topology t = Pipeline.from(Source.fromList(List.of(1L, 2L))).to(new CollectingSink<>());
    Pipeline p = builder(t).checkpointStore(store).build();
    p.runUntilIdle(100);
    p.triggerCheckpoint();
    p.runUntilIdle(100);
    storage.crash();
    assertEquals(1, CheckpointStore.durable(storage, "cp").latest().orElseThrow().id());
  }

  @Test
  void backpressureKeepsTheBacklogInTheLogNotInMemory() {
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("t", 1);
    for (long i = 0; i < 5_000; i++) {
      log.append("t", 0, "k", i);
    }
    AtLeastOnceSink<Long> sink = new AtLeastOnceSink<>();
    Topology t = Pipeline.from(Source.fromLog(log, "t", 0, 0, 0)).map(LogRecord::value)
        .to(sink, TokenBucketConfig.custom().ratePerSecond(1_000).capacity(1).initialTokens(0).build());
    PipelineConfig config = PipelineConfig.custom().bufferCapacity(8).build();
    Pipeline p = builder(t).config(config).build();
    for (int i = 0; i < 1_000; i++) {
      ticker.advance(Duration.ofMillis(1));
      p.runRound();
      assertTrue(p.bufferedRecords() <= 2 * 8 + 1, "two buffers and the record the map holds");
      for (int occupancy : p.bufferOccupancy()) {
        assertTrue(occupancy <= 8);
      }
    }
    assertEquals(0, p.dropped());
    assertTrue(sink.appended().size() >= 990 && sink.appended().size() <= 1_000, "the sink's rate: " + sink.appended().size());
    assertEquals(5_000 - p.recordsRead(), p.sourceLag(), "the rest waits in the log");
    assertTrue(p.sourceLag() > 3_900);
    assertTrue(p.backpressuredNanos() >= Duration.ofMillis(950).toNanos(), "source waited " + p.backpressuredNanos());
    assertEquals(8, p.maxBufferOccupancy());
    assertEquals(LongStream.range(0, sink.appended().size()).boxed().collect(Collectors.toList()), sink.appended());
  }

  @Test
  void sheddingDropsTheLowestPrioritiesAndUnboundedBuffersGrow() {
    List<Reading> data = readings(2_000);
    TokenBucketConfig slow = TokenBucketConfig.custom().ratePerSecond(100).capacity(1).initialTokens(0).build();
    CollectingSink<Reading> shedSink = new CollectingSink<>();
    Pipeline shed = builder(Pipeline.from(Source.fromList(data).withPriority(Reading::priority)).to(shedSink, slow))
        .config(PipelineConfig.custom().bufferCapacity(16).bufferMode(BufferMode.SHED).build()).build();
    CollectingSink<Reading> allSink = new CollectingSink<>();
    Pipeline unbounded = builder(Pipeline.from(Source.fromList(data)).to(allSink, slow))
        .config(PipelineConfig.custom().bufferCapacity(16).bufferMode(BufferMode.UNBOUNDED).build()).build();
    for (int i = 0; i < 100; i++) {
      ticker.advance(Duration.ofMillis(10));
      shed.runRound();
      unbounded.runRound();
    }
    assertTrue(shed.bufferedRecords() <= 16);
    assertTrue(shed.dropped() > 1_900, "dropped " + shed.dropped());
    assertEquals(shed.dropped(), shed.droppedByPriority().values().stream().mapToLong(Long::longValue).sum());
    TreeMap<Integer, Long> byPriority = new TreeMap<>(shed.droppedByPriority());
    assertTrue(byPriority.get(0) >= byPriority.get(3), "lowest dropped most: " + byPriority);
    assertTrue(shedSink.records().stream().allMatch(r -> r.priority() == 3 || r.value() < 16),
        "only the highest priority gets through a flood: " + shedSink.records());
    assertEquals(0, unbounded.dropped());
    assertEquals(2_000 - unbounded.recordsWritten(), unbounded.bufferedRecords(), "memory holds the backlog");
    assertEquals(0, unbounded.sourceLag());
  }

  @Test
  void aGeneratorRunsOnTheSimulationsSchedulerAndTicker() {
    Simulation sim = Simulation.withSeed(7);
    CollectingSink<Long> sink = new CollectingSink<>();
    Topology t = Pipeline.from(Source.generator(1_000, 500, n -> n).withTimestamps(n -> n)).to(sink);
    Pipeline p = Pipeline.builder(t).ticker(sim.ticker()).scheduler(sim.scheduler())
        .config(PipelineConfig.custom().checkpointInterval(Duration.ofMillis(100)).build()).build();
    p.start();
    assertThrows(IllegalStateException.class, p::start);
    sim.runFor(Duration.ofMillis(250));
    assertTrue(sink.records().size() >= 245 && sink.records().size() <= 250, "" + sink.records().size());
    assertEquals(2, p.checkpointsCompleted());
    sim.runFor(Duration.ofMillis(300));
    assertEquals(500, sink.records().size());
    assertTrue(p.isDrained());
    p.stop();
    long rounds = p.rounds();
    sim.runFor(Duration.ofMillis(10));
    assertEquals(rounds, p.rounds(), "stopped");
  }

  @Test
  void metricsAreBound() {
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("t", 1);
    log.append("t", 0, "k", 1L);
    Pipeline p = builder(Pipeline.from(Source.fromLog(log, "t", 0, 0, 0)).map(LogRecord::value).to(new CollectingSink<>()))
        .build();
    MeterRegistry registry = new SimpleMeterRegistry();
    new PipelineMetricsBinder("p", p).bindTo(registry);
    assertEquals(1.0, registry.get("caplab.pipeline.source.lag").gauge().value());
    p.runRound();
    assertEquals(1.0, registry.get("caplab.pipeline.buffer.occupancy").tag("buffer", "0").gauge().value());
    assertEquals(1.0, registry.get("caplab.pipeline.buffered.records").gauge().value());
    p.triggerCheckpoint();
    p.runUntilIdle(10);
    assertEquals(1.0, registry.get("caplab.pipeline.checkpoints").tag("outcome", "completed").functionCounter().count());
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("t", 2);
    assertEquals("bufferCapacity must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> PipelineConfig.custom().bufferCapacity(0)).getMessage());
    assertEquals("checkpointInterval must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> PipelineConfig.custom().checkpointInterval(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> PipelineConfig.custom().checkpointInterval(Duration.ofMillis(-1)));
    assertEquals("topic must be one of [t], got 'nope'", assertThrows(IllegalArgumentException.class,
        () -> Source.fromLog(log, "nope", 0, 0, 0)).getMessage());
    assertEquals("startOffset must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> Source.fromLog(log, "t", 0, 1, -1)).getMessage());
    assertEquals("offsets[1] must be >= 0, got -5", assertThrows(IllegalArgumentException.class,
        () -> Source.fromLog(log, "t", 0, 0L, -5L)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Source.fromLog(log, "t", 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Source.fromLog(log, "t", 0, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> Source.fromLog(log, "t", 1, 0L, 0L));
    assertThrows(IllegalArgumentException.class, () -> Source.generator(0, 1, n -> n));
    assertThrows(IllegalArgumentException.class, () -> Source.generator(1, -1, n -> n));
    assertThrows(IllegalArgumentException.class, () -> Pipeline.union(List.of()));
    assertThrows(IllegalStateException.class, () -> Pipeline.builder(
        Pipeline.from(Source.fromList(List.of(1))).to(new CollectingSink<>())).build());
    assertThrows(IllegalStateException.class, () -> builder(
        Pipeline.from(Source.fromList(List.of(1))).to(new CollectingSink<>())).build().start());
    assertThrows(IllegalArgumentException.class, () -> builder(
        Pipeline.from(Source.fromList(List.of(1))).to(new CollectingSink<>())).build().runUntilIdle(0));
    Pipeline beyondTheEnd = builder(Pipeline.from(Source.fromLog(log, "t", 0, 0, 5)).to(new CollectingSink<>())).build();
    log.append("t", 0, "k", 1L);
    assertThrows(OffsetOutOfRangeException.class, beyondTheEnd::runRound);
  }

  /** A storage that loses unsynced writes on {@link #crash()}. */
  static final class FakeStorage implements Storage {
    private final TreeMap<String, Object> live = new TreeMap<>();
    private TreeMap<String, Object> synced = new TreeMap<>();
    private int unsynced;

    @Override
    public void put(String key, Object value) {
      live.put(key, value);
      unsynced++;
    }

    @Override
    public void remove(String key) {
      live.remove(key);
      unsynced++;
    }

    @Override
    public Object get(String key) {
      return live.get(key);
    }

    @Override
    public SortedSet<String> keys() {
      return Collections.unmodifiableSortedSet(new TreeSet<>(live.keySet()));
    }

    @Override
    public void sync() {
      synced = new TreeMap<>(live);
      unsynced = 0;
    }

    @Override
    public int unsyncedWrites() {
      return unsynced;
    }

    void crash() {
      live.clear();
      live.putAll(synced);
      unsynced = 0;
    }
  }
}
