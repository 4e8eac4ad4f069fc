package dev.caplab.examples.streaming.telemetrybackpressure;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import dev.caplab.streaming.pipeline.AtLeastOnceSink;
import dev.caplab.streaming.pipeline.Checkpoint;
import dev.caplab.streaming.pipeline.CheckpointStore;
import dev.caplab.streaming.pipeline.Pipeline;
import dev.caplab.streaming.pipeline.PipelineConfig;
import dev.caplab.streaming.pipeline.Source;
import dev.caplab.streaming.pipeline.Topology;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Devices write telemetry to a partitioned log at {@link #NORMAL_RATE} readings a second; for
 * {@link #SPIKE_FOR} from {@link #SPIKE_AT} they write {@link #SPIKE_FACTOR} times as many. A
 * streaming pipeline reads the log and stores the readings at most {@link #STORE_RATE} a second
 * (the slow sink), with a checkpoint every {@link #CHECKPOINT_EVERY}. The same spike (same seed,
 * same arrivals) meets three pipelines, each in its own simulation: credit-based backpressure,
 * shedding by priority, and unbounded buffers. Stateless and thread-safe.
 */
public final class TelemetryBackpressure implements Scenario {

  /** The command-line name. */
  public static final String NAME = "telemetry-backpressure";

  static final String TOPIC = "telemetry";
  static final int PARTITIONS = 4;
  static final int DEVICES = 200;
  static final double NORMAL_RATE = 1_000;
  static final int SPIKE_FACTOR = 50;
  static final Duration SPIKE_AT = Duration.ofSeconds(5);
  static final Duration SPIKE_FOR = Duration.ofSeconds(2);
  static final Duration PRODUCE_UNTIL = Duration.ofSeconds(35);
  static final Duration RUN_UNTIL = Duration.ofSeconds(40);
  static final long STORE_RATE = 5_000;
  static final int BUFFER_CAPACITY = 32;
  static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
  /** The pipeline runs a round this often: the store's 10 readings a round fit its buffers' 32 credits. */
  static final Duration ROUND_EVERY = Duration.ofMillis(2);
  /** Share of readings per kind, in percent: debug, metric, alarm. */
  static final int[] KIND_PERCENT = {60, 35, 5};
  /** Lag and memory are sampled this often; delivery delays are measured to within it. */
  static final Duration SAMPLE_EVERY = Duration.ofMillis(10);
  /** The series show the largest sample of each window this long. */
  static final Duration SERIES_WINDOW = Duration.ofMillis(200);
  /** Tasks that hold records: two buffers (source to map, map to sink) and the map's one record in hand. */
  static final int BUFFERS = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a 50x telemetry spike through a stream pipeline: backpressure vs shedding vs unbounded buffers";
  }

  @Override
  public String question() {
    return "A 2-second spike of 50 times the normal telemetry rate hits a streaming pipeline whose store takes 5"
        + " times the normal rate. Should the pipeline push back on the log (backpressure), drop the least important"
        + " readings (shedding), or buffer everything in memory, and what does each cost in lag, memory, losses"
        + " and checkpoint time?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Design.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Design, Run> runs = run.eachVariant(Design.class, (sim, d) -> run(sim, d));
    new Outcome(runs).report(run);
  }

  /** What one pipeline did with the spike. */
  record Run(Design design, long produced, long stored, long dropped, long[] droppedByKind, long[] producedByKind,
      long peakLag, long peakBuffered, long drainedAfter, long maxCheckpointNanos, long checkpoints,
      LatencyRecorder delay, long[] lag, long[] memory) {

    boolean drained() {
      return drainedAfter >= 0;
    }
  }

  /** The arrival times of the readings: the normal rate all along plus the spike's extra. */
  static long[] arrivals(RandomGenerator random) {
    long[] normal = Arrivals.poisson(random, NORMAL_RATE, 0).until(PRODUCE_UNTIL.toNanos());
    long[] extra = Arrivals.poisson(random, NORMAL_RATE * (SPIKE_FACTOR - 1), 0).until(SPIKE_FOR.toNanos());
    long[] all = Arrays.copyOf(normal, normal.length + extra.length);
    for (int i = 0; i < extra.length; i++) {
      all[normal.length + i] = SPIKE_AT.toNanos() + extra[i];
    }
    Arrays.sort(all);
    return all;
  }

  private static Run run(Simulation sim, Design design) {
    RandomGenerator workload = sim.random("workload");
    long[] times = arrivals(workload);
    PartitionedLog<String, Reading> log = PartitionedLog.create(sim.ticker());
    log.createTopic(TOPIC, PARTITIONS);
    long[] producedByKind = new long[3];
    for (int i = 0; i < times.length; i++) {
      int device = workload.nextInt(DEVICES);
      int roll = workload.nextInt(100);
      int kind = roll < KIND_PERCENT[0] ? Reading.DEBUG : roll < KIND_PERCENT[0] + KIND_PERCENT[1] ? Reading.METRIC
          : Reading.ALARM;
      Reading r = new Reading(i, device, kind, times[i]);
      producedByKind[kind]++;
      sim.scheduleAt(times[i], () -> log.append(TOPIC, "device-" + r.device(), r));
    }
    AtLeastOnceSink<Reading> store = new AtLeastOnceSink<>();
    Topology topology = Pipeline.from(Source.fromLog(log, TOPIC, 0, PARTITIONS - 1, 0)
            .withTimestamps(rec -> rec.value().producedAtNanos() / 1_000_000L)
            .withPriority(rec -> rec.value().kind()))
        .map(LogRecord::value)
        .to(store, TokenBucketConfig.custom().ratePerSecond(STORE_RATE).capacity(STORE_RATE / 100).initialTokens(0)
            .build());
    TimedStore checkpoints = new TimedStore();
    Pipeline pipeline = Pipeline.builder(topology).ticker(sim.ticker()).scheduler(sim.scheduler())
        .checkpointStore(checkpoints)
        .config(PipelineConfig.custom().bufferCapacity(BUFFER_CAPACITY).bufferMode(design.mode())
            .roundInterval(ROUND_EVERY).checkpointInterval(CHECKPOINT_EVERY).build())
        .build();
    pipeline.start();
    Sampler sampler = new Sampler(sim, pipeline, store);
    sim.scheduleAt(SAMPLE_EVERY.toNanos(), sampler::sample);
    sim.runFor(RUN_UNTIL);
    pipeline.stop();
    long[] droppedByKind = new long[3];
    pipeline.droppedByPriority().forEach((p, n) -> droppedByKind[p] += n);
    return new Run(design, times.length, store.appended().size(), pipeline.dropped(), droppedByKind, producedByKind,
        sampler.peakLag, sampler.peakBuffered, sampler.drainedAt < 0 ? -1 : sampler.drainedAt - spikeEnd(),
        checkpoints.longest, pipeline.checkpointsCompleted(), sampler.delay, sampler.lag, sampler.memory);
  }

  static long spikeEnd() {
    return SPIKE_AT.plus(SPIKE_FOR).toNanos();
  }

  /** A checkpoint store that also keeps the longest time from trigger to completion. */
  private static final class TimedStore implements CheckpointStore {
    private final CheckpointStore store = CheckpointStore.inMemory();
    long longest;

    @Override
    public void save(Checkpoint checkpoint) {
      longest = Math.max(longest, checkpoint.completedNanos() - checkpoint.triggeredNanos());
      store.save(checkpoint);
    }

    @Override
    public Optional<Checkpoint> latest() {
      return store.latest();
    }
  }

  /**
   * Every {@link #SAMPLE_EVERY}: the source's lag and the records in memory (the largest of each
   * {@link #SERIES_WINDOW} for the series), the delay of each reading stored since the last
   * sample, and when, after the spike, lag and memory were both back to the normal trickle.
   */
  private static final class Sampler {
    private final Simulation sim;
    private final Pipeline pipeline;
    private final AtLeastOnceSink<Reading> store;
    final LatencyRecorder delay = new LatencyRecorder();
    final long[] lag = new long[(int) (RUN_UNTIL.toNanos() / SERIES_WINDOW.toNanos())];
    final long[] memory = new long[lag.length];
    long peakLag;
    long peakBuffered;
    long drainedAt = -1;
    private int seen;

    Sampler(Simulation sim, Pipeline pipeline, AtLeastOnceSink<Reading> store) {
      this.sim = sim;
      this.pipeline = pipeline;
      this.store = store;
    }

    void sample() {
      long now = sim.now();
      long l = pipeline.sourceLag();
      long m = pipeline.bufferedRecords();
      peakLag = Math.max(peakLag, l);
      peakBuffered = Math.max(peakBuffered, m);
      int w = (int) Math.min(lag.length - 1, now / SERIES_WINDOW.toNanos());
      lag[w] = Math.max(lag[w], l);
      memory[w] = Math.max(memory[w], m);
      List<Reading> stored = store.appended();
      for (; seen < stored.size(); seen++) {
        delay.record(now - stored.get(seen).producedAtNanos());
      }
      // back to normal: the backlog is gone once lag and memory are under what a buffer holds
      boolean backlog = l + m > BUFFER_CAPACITY;
      if (now > spikeEnd() && drainedAt < 0 && !backlog) {
        drainedAt = now;
      }
      if (now + SAMPLE_EVERY.toNanos() < RUN_UNTIL.toNanos()) {
        sim.schedule(SAMPLE_EVERY, this::sample);
      }
    }
  }

  /** Everything the three runs measured; {@link #report} turns it into prose, tables, series, metrics and checks. */
  record Outcome(Map<Design, Run> runs) {

    void report(ScenarioRun run) {
      Run bp = runs.get(Design.BACKPRESSURE);
      run.paragraph(String.format(Locale.ROOT, "Devices write about %.0f telemetry readings a second to a %d-partition"
          + " log; from %s to %s they write %dx as many (%d readings in all). A streaming pipeline (log source ->"
          + " map -> store) stores at most %d a second, %dx the normal rate, through buffers of %d records, with a"
          + " checkpoint every %s. %d%% of the readings are debug, %d%% metrics, %d%% alarms; shedding drops the"
          + " least important first.", NORMAL_RATE, PARTITIONS, human(SPIKE_AT), human(SPIKE_AT.plus(SPIKE_FOR)),
          SPIKE_FACTOR, bp.produced(), STORE_RATE, STORE_RATE / (long) NORMAL_RATE, BUFFER_CAPACITY,
          human(CHECKPOINT_EVERY), KIND_PERCENT[0], KIND_PERCENT[1], KIND_PERCENT[2]));
      run.heading("What happened");
      run.bullets(findings());
      Block.Table.Builder t = Block.Table.builder("designs", "The spike, by design",
          new Block.Column("design", Unit.TEXT), new Block.Column("stored", Unit.COUNT),
          new Block.Column("dropped", Unit.COUNT), new Block.Column("peak lag", Unit.COUNT),
          new Block.Column("peak in memory", Unit.COUNT), new Block.Column("back to normal after", Unit.NANOSECONDS),
          new Block.Column("p99 delay", Unit.NANOSECONDS), new Block.Column("longest checkpoint", Unit.NANOSECONDS));
      for (Design d : Design.values()) {
        Run r = runs.get(d);
        t.row(d.key(), r.stored(), r.dropped(), r.peakLag(), r.peakBuffered(), r.drained() ? r.drainedAfter() : null,
            r.delay().p99(), r.maxCheckpointNanos());
      }
      run.add(t.build());
      Block.Table.Builder kinds = Block.Table.builder("shedding", "What shedding dropped, by kind",
          new Block.Column("kind", Unit.TEXT), new Block.Column("produced", Unit.COUNT),
          new Block.Column("dropped", Unit.COUNT), new Block.Column("dropped share", Unit.RATIO));
      Run shed = runs.get(Design.SHED);
      for (int k = 0; k < 3; k++) {
        kinds.row(Reading.KIND_NAMES[k], shed.producedByKind()[k], shed.droppedByKind()[k],
            (double) shed.droppedByKind()[k] / Math.max(1, shed.producedByKind()[k]));
      }
      run.add(kinds.build());
      List<Block.Line> lag = new ArrayList<>();
      List<Block.Line> memory = new ArrayList<>();
      for (Design d : Design.values()) {
        lag.add(line(d.key(), runs.get(d).lag()));
        memory.add(line(d.key(), runs.get(d).memory()));
      }
      run.add(new Block.TimeSeries("lag", "Readings in the log not yet read (source lag), largest per "
          + human(SERIES_WINDOW), Unit.COUNT, lag));
      run.add(new Block.TimeSeries("memory", "Readings held in the pipeline's memory, largest per "
          + human(SERIES_WINDOW), Unit.COUNT, memory));
      for (Design d : Design.values()) {
        run.latency(d.key() + ".delay", runs.get(d).delay());
      }
      metrics(run);
      checks(run);
    }

    private List<String> findings() {
      Run bp = runs.get(Design.BACKPRESSURE);
      Run shed = runs.get(Design.SHED);
      Run unb = runs.get(Design.UNBOUNDED);
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "backpressure (%s): the store's pace reached back to the source, which read"
          + " the log later: the lag peaked at %d readings in the log while memory never held more than %d. Nothing"
          + " was lost (%d of %d stored), but readings waited: p99 delay %s, worst %s, and the backlog was gone %s"
          + " after the spike. Checkpoints stayed short (longest %s): a barrier waits only behind what the buffers"
          + " hold.", Design.BACKPRESSURE.description(), bp.peakLag(), bp.peakBuffered(), bp.stored(), bp.produced(),
          Durations.human(bp.delay().p99()), Durations.human(bp.delay().max()), drained(bp),
          Durations.human(bp.maxCheckpointNanos())));
      found.add(String.format(Locale.ROOT, "shed (%s): memory stayed at %d readings and delay at p99 %s, but %d"
          + " readings were dropped (%.1f%% of all): %d debug, %d metrics, %d alarms. Fresh, incomplete data.",
          Design.SHED.description(), shed.peakBuffered(), Durations.human(shed.delay().p99()), shed.dropped(),
          100.0 * shed.dropped() / Math.max(1, shed.produced()), shed.droppedByKind()[Reading.DEBUG],
          shed.droppedByKind()[Reading.METRIC], shed.droppedByKind()[Reading.ALARM]));
      found.add(String.format(Locale.ROOT, "unbounded (%s): the source kept up with the log (peak lag %d), so the"
          + " whole backlog moved into memory: %d readings at the peak, %.0fx what backpressure held. Readings were"
          + " as late as with backpressure (p99 %s), and a checkpoint barrier queued behind the backlog: the"
          + " longest took %s. A real process would have needed the memory, or died.", Design.UNBOUNDED.description(),
          unb.peakLag(), unb.peakBuffered(), (double) unb.peakBuffered() / Math.max(1, bp.peakBuffered()),
          Durations.human(unb.delay().p99()), Durations.human(unb.maxCheckpointNanos())));
      found.add(String.format(Locale.ROOT, "The lesson: when ingestion outruns processing, something gives. With"
          + " backpressure it is freshness: for %s the stream is a batch job draining a backlog, and the question"
          + " to ask is whether readings %s old change a decision. With shedding it is completeness, so choose what"
          + " to drop first. Buffering in memory buys nothing: readings are as late as with backpressure, memory"
          + " grows with the backlog, and checkpoints wait behind it.", drained(bp),
          Durations.human(bp.delay().max())));
      return found;
    }

    private static String drained(Run r) {
      return r.drained() ? Durations.human(r.drainedAfter()) : "not by the end of the run";
    }

    private static Block.Line line(String label, long[] windows) {
      long[] times = new long[windows.length];
      double[] values = new double[windows.length];
      for (int w = 0; w < windows.length; w++) {
        times[w] = w * SERIES_WINDOW.toNanos();
        values[w] = windows[w];
      }
      return new Block.Line(label, times, values);
    }

    private void metrics(ScenarioRun run) {
      run.metric("spikeFactor", Unit.COUNT, SPIKE_FACTOR);
      run.metric("storeRate", Unit.COUNT, STORE_RATE);
      run.metric("bufferCapacity", Unit.COUNT, BUFFER_CAPACITY);
      for (Design d : Design.values()) {
        Run r = runs.get(d);
        String k = d.key() + ".";
        run.metric(k + "produced", Unit.COUNT, r.produced());
        run.metric(k + "stored", Unit.COUNT, r.stored());
        run.metric(k + "dropped", Unit.COUNT, r.dropped());
        for (int kind = 0; kind < 3; kind++) {
          run.metric(k + "dropped" + capitalized(Reading.KIND_NAMES[kind]), Unit.COUNT, r.droppedByKind()[kind]);
        }
        run.metric(k + "peakLag", Unit.COUNT, r.peakLag());
        run.metric(k + "peakInMemory", Unit.COUNT, r.peakBuffered());
        run.metric(k + "backToNormalAfter", Unit.NANOSECONDS, r.drained() ? r.drainedAfter() : null);
        run.metric(k + "delayP99", Unit.NANOSECONDS, r.delay().p99());
        run.metric(k + "delayMax", Unit.NANOSECONDS, r.delay().max());
        run.metric(k + "longestCheckpoint", Unit.NANOSECONDS, r.maxCheckpointNanos());
        run.metric(k + "checkpoints", Unit.COUNT, r.checkpoints());
      }
    }

    private void checks(ScenarioRun run) {
      Run bp = runs.get(Design.BACKPRESSURE);
      run.check(Check.of("noRecordLost", bp.dropped() == 0 && bp.stored() == bp.produced(),
          "with backpressure every reading produced is stored: none dropped, none left behind",
          Metric.count("produced", bp.produced()), Metric.count("stored", bp.stored()),
          Metric.count("dropped", bp.dropped())));
      long bound = (long) BUFFERS * BUFFER_CAPACITY + 1;
      run.check(Check.of("backpressureBoundsMemory", bp.peakBuffered() <= bound,
          "with backpressure the pipeline never holds more than its buffers (and the record the map has in hand)",
          Metric.count("peakInMemory", bp.peakBuffered()), Metric.count("bound", bound)));
      Run shed = runs.get(Design.SHED);
      run.check(Check.of("sheddingLossesCounted", shed.stored() + shed.dropped() == shed.produced(),
          "every reading shedding did not store is counted as dropped",
          Metric.count("produced", shed.produced()), Metric.count("stored", shed.stored()),
          Metric.count("dropped", shed.dropped())));
    }
  }

  static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
