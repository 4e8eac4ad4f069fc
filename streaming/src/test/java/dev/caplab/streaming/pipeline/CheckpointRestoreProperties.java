package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.Trigger;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A crash at any round followed by a restore from the latest completed checkpoint gives the same
 * sink output as an uninterrupted run, for the exactly-once sinks (collecting, transactional,
 * idempotent); the at-least-once sink instead holds the uninterrupted output plus exactly the
 * records it wrote after the last completed checkpoint's barrier, and counts them as duplicates.
 * Two topologies: two log sources (a union whose barriers align) into filter, map and a keyed
 * running sum; and one log source with bounded disorder (never beyond its watermark's bound) into
 * keyed tumbling, sliding or session windows, accumulating or purging, with or without allowed
 * lateness, whose state is the window operator's journal. Each try takes a seed; a failure
 * prints it.
 */
class CheckpointRestoreProperties {

  private static final int TRIES = 100;
  private static final long MAX_ROUNDS = 100_000;
  /** Event times go back at most this much, and the watermark allows it: no element is late. */
  private static final int DISORDER_MS = 20;

  /** One input event. */
  record Ev(String key, long value, long ts) {}

  /** A random case: the log's contents, the buffers, the checkpoint cadence and the crash round. */
  static final class Case {
    final long seed;
    final PartitionedLog<String, Ev> log;
    final int partitions;
    final PipelineConfig config;
    final int checkpointEvery;
    final int crashAt;
    final boolean windows;
    final WindowConfig windowConfig;

    Case(long seed, boolean windows) {
      this.seed = seed;
      this.windows = windows;
      SplittableRandom r = new SplittableRandom(seed);
      this.partitions = windows ? 1 : 2 + r.nextInt(3);
      this.log = PartitionedLog.create(new ManualTicker());
      log.createTopic("in", partitions);
      int n = 1 + r.nextInt(300);
      for (int i = 0; i < n; i++) {
        String key = "k" + r.nextInt(6);
        long jitter = windows ? r.nextInt(DISORDER_MS) : 0;
        log.append("in", key, new Ev(key, r.nextInt(100), i * 7L - jitter));
      }
      this.config = PipelineConfig.custom().bufferCapacity(1 + r.nextInt(8))
          .bufferMode(r.nextBoolean() ? BufferMode.BACKPRESSURE : BufferMode.UNBOUNDED)
          .maxPollRecords(1 + r.nextInt(20)).build();
      this.checkpointEvery = 1 + r.nextInt(12);
      this.crashAt = r.nextInt(60 + n);
      int kind = r.nextInt(3);
      WindowAssigner assigner = kind == 0 ? WindowAssigner.tumbling(Duration.ofMillis(50))
          : kind == 1 ? WindowAssigner.sliding(Duration.ofMillis(60), Duration.ofMillis(20))
          : WindowAssigner.session(Duration.ofMillis(15 + r.nextInt(60)));
      this.windowConfig = WindowConfig.custom().assigner(assigner)
          .allowedLateness(Duration.ofMillis(r.nextBoolean() ? 0 : 30))
          .trigger(r.nextBoolean() ? Trigger.EVENT_TIME : Trigger.PURGING_EVENT_TIME).build();
    }

    <T> Topology topology(Sink<T> sink, Class<T> type) {
      if (windows) {
        Source<LogRecord<String, Ev>> src = Source.fromLog(log, "in", 0, 0, 0).withTimestamps(rec -> rec.value().ts())
            .withWatermarks(() -> new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(DISORDER_MS)));
        WindowedAggregator.Builder<String, Ev, Long> agg = WindowedAggregator.<String, Ev, Long>aggregate(
            new SumOfValues()).config(windowConfig);
        Flow<Pane<String, Long>> panes = Pipeline.from(src).map(LogRecord::value).keyBy(Ev::key).window(agg);
        return panes.map(p -> type.cast(p.key() + "@" + p.window().start() + "-" + p.window().end() + "=" + p.value())).to(sink);
      }
      int split = 1 + (int) (seed & 0x7fff) % (partitions - 1);
      List<Source<LogRecord<String, Ev>>> sources = List.of(
          Source.fromLog(log, "in", 0, split - 1, 0).withTimestamps(rec -> rec.value().ts()),
          Source.fromLog(log, "in", split, partitions - 1, 0).withTimestamps(rec -> rec.value().ts()));
      return Pipeline.union(sources).map(LogRecord::value).filter(e -> e.value() % 7 != 3)
          .keyBy(Ev::key).<Long, String>process((key, ev, ts, state, out) -> {
            long sum = (state.value() == null ? 0 : state.value()) + ev.value();
            state.update(sum);
            out.collect(key + "=" + sum);
          }).map(type::cast).to(sink);
    }

    Pipeline build(Topology t, CheckpointStore store, ManualTicker ticker, boolean restore) {
      Pipeline.Builder b = Pipeline.builder(t).config(config).ticker(ticker).checkpointStore(store);
      return restore ? b.restore() : b.build();
    }

    /** Runs to the end: rounds with a checkpoint every few rounds, then a final checkpoint. */
    void finish(Pipeline p, ManualTicker ticker, long startRound) {
      long round = startRound;
      while (round < MAX_ROUNDS) {
        round++;
        ticker.advance(Duration.ofMillis(1));
        if (round % checkpointEvery == 0) {
          p.triggerCheckpoint();
        }
        boolean moved = p.runRound();
        if (!moved && p.sourceLag() == 0 && p.bufferedRecords() == 0 && p.pendingCheckpointId() < 0) {
          break;
        }
      }
      p.triggerCheckpoint();
      p.runUntilIdle(MAX_ROUNDS);
      assertEquals(-1, p.pendingCheckpointId(), "final checkpoint pending, seed " + seed);
    }

    /** Runs until the crash round; returns the crashed pipeline. */
    Pipeline runUntilCrash(Pipeline p, ManualTicker ticker) {
      for (long round = 1; round <= crashAt; round++) {
        ticker.advance(Duration.ofMillis(1));
        if (round % checkpointEvery == 0) {
          p.triggerCheckpoint();
        }
        p.runRound();
      }
      return p;
    }

    <T, S extends Sink<T>> S uninterrupted(S sink, Class<T> type) {
      ManualTicker ticker = new ManualTicker();
      Pipeline p = build(topology(sink, type), CheckpointStore.inMemory(), ticker, false);
      finish(p, ticker, 0);
      return sink;
    }

    <T, S extends Sink<T>> S crashed(S sink, Class<T> type, CheckpointStore store) {
      ManualTicker ticker = new ManualTicker();
      Topology t = topology(sink, type);
      runUntilCrash(build(t, store, ticker, false), ticker);
      Pipeline restored = build(t, store, ticker, true);
      finish(restored, ticker, crashAt);
      return sink;
    }
  }

  /** Sum of the values, as a user aggregation. */
  static final class SumOfValues implements dev.caplab.streaming.window.AggregateFunction<Ev, long[], Long> {
    @Override
    public long[] createAccumulator() {
      return new long[1];
    }

    @Override
    public long[] add(Ev value, long[] acc) {
      return new long[] {acc[0] + value.value()};
    }

    @Override
    public Long getResult(long[] acc) {
      return acc[0];
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0]};
    }
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    Collections.sort(out);
    return out;
  }

  @Property(tries = TRIES)
  void collectingSinkIsExactlyOnce(@ForAll long seed) {
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      List<String> expected = c.uninterrupted(new CollectingSink<String>(), String.class).records();
      List<String> actual = c.crashed(new CollectingSink<String>(), String.class, CheckpointStore.inMemory()).records();
      if (windows) {
        assertEquals(expected, actual, "seed " + seed + " windows");
      } else {
        assertEquals(sorted(expected), sorted(actual), "seed " + seed);
      }
    }
  }

  @Property(tries = TRIES)
  void transactionalSinkIsExactlyOnce(@ForAll long seed) {
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      List<String> expected = c.uninterrupted(new TransactionalSink<String>(), String.class).committed();
      TransactionalSink<String> sink = c.crashed(new TransactionalSink<String>(), String.class, CheckpointStore.inMemory());
      assertEquals(sorted(expected), sorted(sink.committed()), "seed " + seed + " windows " + windows);
      assertEquals(0, sink.pendingTransactions(), "seed " + seed);
    }
  }

  @Property(tries = TRIES)
  void idempotentSinkEndsWithTheSameTable(@ForAll long seed) {
    Function<String, String> keyOf = s -> s.substring(0, s.indexOf('='));
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      Map<String, String> expected = c.uninterrupted(new IdempotentSink<String, String>(keyOf), String.class).table();
      Map<String, String> actual = c.crashed(new IdempotentSink<String, String>(keyOf), String.class,
          CheckpointStore.inMemory()).table();
      assertEquals(new TreeMap<>(expected), new TreeMap<>(actual), "seed " + seed + " windows " + windows);
    }
  }

  @Property(tries = TRIES)
  void atLeastOnceSinkDuplicatesExactlyWhatWasWrittenAfterTheLastCheckpoint(@ForAll long seed) {
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      List<String> expected = c.uninterrupted(new AtLeastOnceSink<String>(), String.class).appended();
      // run to the crash by hand to see what the sink held then
      ManualTicker ticker = new ManualTicker();
      AtLeastOnceSink<String> sink = new AtLeastOnceSink<>();
      CheckpointStore store = CheckpointStore.inMemory();
      Topology t = c.topology(sink, String.class);
      c.runUntilCrash(c.build(t, store, ticker, false), ticker);
      int atCrash = sink.appended().size();
      int atCheckpoint = store.latest().map(cp -> (int) (long) (Long) cp.taskStates().get(t.tasks() - 1)).orElse(0);
      List<String> writtenAfterCheckpoint = new ArrayList<>(sink.appended().subList(atCheckpoint, atCrash));
      c.finish(c.build(t, store, ticker, true), ticker, c.crashAt);

      assertEquals(atCrash - atCheckpoint, sink.duplicates(), "seed " + seed);
      List<String> extra = new ArrayList<>(sink.appended());
      for (String e : expected) {
        assertTrue(extra.remove(e), "lost " + e + ", seed " + seed);
      }
      assertEquals(sorted(writtenAfterCheckpoint), sorted(extra), "seed " + seed + " windows " + windows);
    }
  }
}
