package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks;
import dev.caplab.streaming.window.AggregateFunction;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.TimeWindow;
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
import java.util.function.LongUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Kappa reprocessing laws. A live job reads a log while it is written; part-way, a second version
 * replays the log from its start, with the live job still running and records still arriving, and
 * takes over once it has caught up. With the same logic the replay's output is exactly the live
 * job's (the list of panes of a windowed job, the per-key sequence of a running sum over several
 * partitions); with new logic it is exactly a batch computation of the new logic over the records
 * the log holds. Disorder stays within the watermark's bound, so no element is late in either run
 * however the rounds cut the log. Each try takes a seed; a failure prints it.
 */
class ReprocessingProperties {

  private static final int TRIES = 100;
  private static final int DISORDER_MS = 20;
  private static final long WINDOW_MS = 50;
  private static final int MAX_ROUNDS = 100_000;

  record Ev(String key, long value, long ts) {}

  /** A price applied per element inside the window's aggregation: the job's "logic". */
  record Priced(LongUnaryOperator price) implements AggregateFunction<Ev, long[], Long> {
    @Override
    public long[] createAccumulator() {
      return new long[1];
    }

    @Override
    public long[] add(Ev value, long[] acc) {
      return new long[] {acc[0] + price.applyAsLong(value.value())};
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

  static final class Case {
    final long seed;
    final SplittableRandom r;
    final ManualTicker ticker = new ManualTicker();
    final PartitionedLog<String, Ev> log = PartitionedLog.create(ticker);
    final boolean windows;
    final int partitions;
    final PipelineConfig config;
    final int before;
    final int during;
    int appended;

    Case(long seed, boolean windows) {
      this.seed = seed;
      this.windows = windows;
      this.r = new SplittableRandom(seed);
      this.partitions = windows ? 1 : 1 + r.nextInt(3);
      log.createTopic("in", partitions);
      this.config = PipelineConfig.custom().bufferCapacity(1 + r.nextInt(8)).maxPollRecords(1 + r.nextInt(20)).build();
      this.before = r.nextInt(200);
      this.during = r.nextInt(200);
    }

    void append() {
      String key = "k" + r.nextInt(5);
      long ts = appended * 7L - (windows ? r.nextInt(DISORDER_MS) : 0);
      log.append("in", key, new Ev(key, r.nextInt(100), ts));
      appended++;
    }

    Topology topology(Source<LogRecord<String, Ev>> source, LongUnaryOperator price, CollectingSink<String> out) {
      Source<LogRecord<String, Ev>> s = source.withTimestamps(rec -> rec.value().ts());
      if (windows) {
        s = s.withWatermarks(() -> new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(DISORDER_MS)));
        WindowConfig wc = WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(WINDOW_MS))).build();
        Flow<Pane<String, Long>> panes = Pipeline.from(s).map(LogRecord::value).keyBy(Ev::key)
            .window(WindowedAggregator.<String, Ev, Long>aggregate(new Priced(price)).config(wc));
        return panes.map(p -> p.key() + "@" + p.window().start() + "=" + p.value()).to(out);
      }
      return Pipeline.from(s).map(LogRecord::value).keyBy(Ev::key).<Long, String>process((key, ev, ts, state, o) -> {
        long sum = (state.value() == null ? 0 : state.value()) + price.applyAsLong(ev.value());
        state.update(sum);
        o.collect(key + "=" + sum);
      }).to(out);
    }

    Pipeline pipeline(Topology t) {
      return Pipeline.builder(t).config(config).ticker(ticker).build();
    }

    /**
     * Runs the scenario: live job with {@code oldPrice}, a replay with {@code newPrice} from offset
     * 0 part-way; returns the live sink (run to the head after the switch) and the replay's.
     */
    List<CollectingSink<String>> run(LongUnaryOperator oldPrice, LongUnaryOperator newPrice) {
      CollectingSink<String> oldOut = new CollectingSink<>();
      CollectingSink<String> newOut = new CollectingSink<>();
      Pipeline live = pipeline(topology(Source.fromLog(log, "in", 0, partitions - 1, 0), oldPrice, oldOut));
      Reprocessing<CollectingSink<String>> kappa = Reprocessing.serving(live, oldOut, ticker);
      for (int i = 0; i < before; i++) {
        append();
        if (r.nextInt(3) == 0) {
          tick(kappa);
        }
      }
      kappa.replay(pipeline(topology(Replay.fromOffset(log, "in", 0, partitions - 1, 0), newPrice, newOut)), newOut);
      for (int i = 0; i < during; i++) {
        append();
        if (r.nextInt(3) == 0) {
          tick(kappa);
        }
      }
      int rounds = 0;
      while (kappa.replayingVersion().isPresent() && rounds++ < MAX_ROUNDS) {
        tick(kappa);
      }
      assertEquals(2, kappa.servingVersion().number(), "switched, seed " + seed);
      assertTrue(kappa.current() == newOut, "readers read the new table, seed " + seed);
      Pipeline replay = kappa.servingVersion().pipeline();
      replay.runUntilIdle(MAX_ROUNDS);
      assertEquals(appended, kappa.servingVersion().recordsProcessed(), "the replay read the whole log, seed " + seed);
      live.runUntilIdle(MAX_ROUNDS); // the old job, run to the head by hand for the comparison
      return List.of(oldOut, newOut);
    }

    void tick(Reprocessing<?> kappa) {
      ticker.advance(Duration.ofMillis(1));
      kappa.runRound();
    }

    /** The new logic over every record of the log, computed as a batch. */
    List<String> batch(LongUnaryOperator price) {
      List<Ev> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        for (LogRecord<String, Ev> rec : log.read("in", p, 0, Integer.MAX_VALUE)) {
          all.add(rec.value());
        }
      }
      Map<String, Long> out = new TreeMap<>();
      long maxTs = Long.MIN_VALUE;
      for (Ev e : all) {
        maxTs = Math.max(maxTs, e.ts());
      }
      long watermark = maxTs - DISORDER_MS - 1;
      for (Ev e : all) {
        if (windows) {
          long start = TimeWindow.windowStart(e.ts(), 0, WINDOW_MS);
          if (start + WINDOW_MS - 1 <= watermark) { // fired: the watermark reached the window's end
            out.merge(e.key() + "@" + start, price.applyAsLong(e.value()), Long::sum);
          }
        } else {
          out.merge(e.key(), price.applyAsLong(e.value()), Long::sum);
        }
      }
      List<String> lines = new ArrayList<>();
      out.forEach((k, v) -> lines.add(k + "=" + v));
      return lines;
    }
  }

  /** Per key (the text before '@' or '='), the order of its lines; the last line of each cell. */
  private static Map<String, List<String>> perKey(List<String> lines) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String l : lines) {
      int cut = l.indexOf('@') >= 0 ? l.indexOf('@') : l.indexOf('=');
      out.computeIfAbsent(l.substring(0, cut), k -> new ArrayList<>()).add(l);
    }
    return out;
  }

  private static List<String> finals(List<String> lines) {
    Map<String, String> last = new TreeMap<>();
    for (String l : lines) {
      last.put(l.substring(0, l.indexOf('=')), l);
    }
    return new ArrayList<>(last.values());
  }

  @Property(tries = TRIES)
  void aReplayWithTheSameLogicReproducesTheLiveOutputExactly(@ForAll long seed) {
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      List<CollectingSink<String>> out = c.run(v -> v, v -> v);
      List<String> live = out.get(0).records();
      List<String> replay = out.get(1).records();
      if (windows) {
        assertEquals(live, replay, "seed " + seed + " windows");
      } else {
        assertEquals(perKey(live), perKey(replay), "seed " + seed + " running sums");
      }
    }
  }

  @Property(tries = TRIES)
  void aReplayWithNewLogicEqualsTheBatchOfTheNewLogic(@ForAll long seed) {
    LongUnaryOperator oldPrice = v -> 2 * v;
    LongUnaryOperator newPrice = v -> v < 50 ? 3 * v : 3 * 50 + (v - 50);
    for (boolean windows : new boolean[] {false, true}) {
      Case c = new Case(seed, windows);
      List<CollectingSink<String>> out = c.run(oldPrice, newPrice);
      List<String> replay = out.get(1).records();
      List<String> sorted = new ArrayList<>(finals(replay));
      Collections.sort(sorted);
      List<String> batch = c.batch(newPrice);
      Collections.sort(batch);
      assertEquals(batch, sorted, "seed " + seed + (windows ? " windows" : " running sums"));
      if (windows) {
        assertEquals(replay.size(), sorted.size(), "one pane per window, none late, seed " + seed);
      }
    }
  }
}
