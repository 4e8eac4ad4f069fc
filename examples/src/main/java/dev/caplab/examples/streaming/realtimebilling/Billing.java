package dev.caplab.examples.streaming.realtimebilling;

import static dev.caplab.examples.streaming.realtimebilling.Meter.HOUR_MS;
import static dev.caplab.examples.streaming.realtimebilling.Meter.MINUTE_MS;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.sim.Simulation;
import dev.caplab.streaming.pipeline.IdempotentSink;
import dev.caplab.streaming.pipeline.Pipeline;
import dev.caplab.streaming.pipeline.PipelineConfig;
import dev.caplab.streaming.pipeline.Replay;
import dev.caplab.streaming.pipeline.Reprocessing;
import dev.caplab.streaming.pipeline.Source;
import dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowAssigner;
import dev.caplab.streaming.window.WindowConfig;
import dev.caplab.streaming.window.WindowedAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One billing architecture on its own simulation. Usage reaches a partitioned log at its arrival
 * time; a streaming job (a caplab pipeline reading the log) sums each customer's charges in hourly
 * billing windows of event time, with early panes every minute for the dashboard and a heuristic
 * watermark {@link #WATERMARK_BOUND_MS} behind the latest usage seen; its panes upsert a table, the
 * dashboard. Variants:
 *
 * <ul>
 *   <li>streaming only: usage later than the watermark goes to the side output, lost to the bill;
 *   <li>lambda: the same job as the speed layer, plus a batch layer that recomputes every window
 *       exactly from the whole log every {@link #BATCH_EVERY_MS}; the serving view takes the batch's
 *       answer for windows the last batch covered and the speed layer's for the rest;
 *   <li>kappa: one job that keeps windows {@link #KAPPA_LATENESS_MS} for late usage; at {@link
 *       #PRICE_CHANGE_MS} a new version with the new pricing replays the log from offset 0 into a
 *       new table, and readers switch to it once it has caught up ({@link Reprocessing}).
 * </ul>
 *
 * <p>Not thread-safe: one run, on the simulation's thread.
 */
final class Billing {

  static final String TOPIC = "usage";
  static final long WINDOW_MS = HOUR_MS;
  static final long PERIOD_MS = 6 * HOUR_MS;
  /** Usage goes on after the period, so the watermark passes its end; the final batch runs at the end. */
  static final long RUN_MS = PERIOD_MS + 3 * HOUR_MS;
  static final long WATERMARK_BOUND_MS = 2 * MINUTE_MS;
  static final long EARLY_EVERY_MS = MINUTE_MS;
  static final long KAPPA_LATENESS_MS = 3 * HOUR_MS;
  static final long BATCH_EVERY_MS = 3 * HOUR_MS;
  static final long PRICE_CHANGE_MS = 3 * HOUR_MS;
  static final long ROUND_MS = 1_000;
  static final long SAMPLE_EVERY_MS = 5 * MINUTE_MS;
  private static final long NANOS_PER_MS = 1_000_000;

  /**
   * What one variant produced: the final serving table (period cells), the side output, the events
   * each part processed, the lambda batch runs, the kappa switch, and samples over time of the
   * dashboard's period total.
   */
  record Result(Variant variant, List<Usage> usage, Map<Cell, Long> finalTable, List<Usage> sideOutput,
      long streamEvents, long batchEvents, int batchRuns, long gapBeforeFinalBatch, long speedLayerTotal, long replayEvents,
      long catchUpNanos, long switchedAtNanos, long logRecords, long[] sampleTimes, double[] dashboard) {

    long eventsProcessed() {
      return streamEvents + batchEvents + replayEvents;
    }

    long dashboardTotal() {
      return finalTable.values().stream().mapToLong(Long::longValue).sum();
    }

    long sideOutputCents(Pricing pricing) {
      return sideOutput.stream().filter(u -> u.eventMillis() < PERIOD_MS).mapToLong(u -> pricing.cents(u.calls())).sum();
    }

    long sideOutputEvents() {
      return sideOutput.stream().filter(u -> u.eventMillis() < PERIOD_MS).count();
    }
  }

  private final Simulation sim;
  private final Variant variant;
  private final List<Usage> usage;
  private final PartitionedLog<String, Usage> log;
  private final PipelineConfig config = PipelineConfig.custom().roundInterval(Duration.ofMillis(ROUND_MS)).build();
  private final List<Usage> sideOutput = new ArrayList<>();
  private final long[] sampleTimes = new long[(int) (RUN_MS / SAMPLE_EVERY_MS) + 1];
  private final double[] dashboard = new double[sampleTimes.length];
  private int samples;
  private int arrived;
  private Pipeline speed;
  private IdempotentSink<Cell, Pane<String, Long>> speedTable;
  private Reprocessing<IdempotentSink<Cell, Pane<String, Long>>> kappa;
  private Map<Cell, Long> batchTable = Map.of();
  private long batchCutoffMs = Long.MIN_VALUE;
  private long batchEvents;
  private int batchRuns;

  private Billing(Simulation sim, Variant variant) {
    this.sim = sim;
    this.variant = variant;
    this.usage = Meter.usage(sim.random("usage"), RUN_MS);
    this.log = PartitionedLog.create(sim.ticker());
    log.createTopic(TOPIC, 1);
  }

  /** Runs {@code variant} on {@code sim} (which must be fresh). */
  static Result run(Simulation sim, Variant variant) {
    return new Billing(sim, variant).run();
  }

  private Result run() {
    IdempotentSink<Cell, Pane<String, Long>> table = newTable();
    Pipeline job = job(Source.fromLog(log, TOPIC, 0, 0, 0), Pricing.V1, variant == Variant.KAPPA, table);
    if (variant == Variant.KAPPA) {
      kappa = Reprocessing.serving(job, table, sim.ticker());
      sim.scheduleAt(PRICE_CHANGE_MS * NANOS_PER_MS, this::changePricing);
    } else {
      speed = job;
      speedTable = table;
    }
    if (variant == Variant.LAMBDA) {
      for (long t = BATCH_EVERY_MS; t < RUN_MS; t += BATCH_EVERY_MS) {
        sim.scheduleAt(t * NANOS_PER_MS, this::batch);
      }
    }
    if (!usage.isEmpty()) {
      sim.scheduleAt(usage.get(0).arrivalMillis() * NANOS_PER_MS, this::arrive);
    }
    sim.scheduleAt(0, this::round);
    sim.runForNanos(RUN_MS * NANOS_PER_MS);
    long gapBeforeFinal = 0;
    long speedLayerTotal = speedTable == null ? 0 : BatchInvoice.total(periodCells(speedTable));
    if (variant == Variant.LAMBDA) {
      gapBeforeFinal = BatchInvoice.total(BatchInvoice.of(usage, Pricing.V1, PERIOD_MS)) - servingTotal();
      batch(); // the nightly run over the complete log
    }
    sample();
    Map<Cell, Long> finals = new TreeMap<>(Cell.ORDER);
    finals.putAll(serving());
    long streamEvents = kappa != null ? kappa.versions().get(0).recordsProcessed() : speed.recordsRead();
    long replayEvents = kappa != null && kappa.versions().size() > 1 ? kappa.versions().get(1).recordsProcessed() : 0;
    long catchUp = kappa == null ? -1 : kappa.servingVersion().catchUpTime().map(Duration::toNanos).orElse(-1L);
    long switchedAt = kappa == null ? -1 : kappa.servingVersion().servingSinceNanos().orElse(-1L);
    return new Result(variant, usage, Collections.unmodifiableMap(finals), List.copyOf(sideOutput), streamEvents,
        batchEvents, batchRuns, gapBeforeFinal, speedLayerTotal, replayEvents, catchUp, switchedAt, log.logEndOffset(TOPIC, 0),
        Arrays.copyOf(sampleTimes, samples), Arrays.copyOf(dashboard, samples));
  }

  private static IdempotentSink<Cell, Pane<String, Long>> newTable() {
    return new IdempotentSink<>(p -> new Cell(p.key(), p.window().start()));
  }

  private Pipeline job(Source<LogRecord<String, Usage>> from, Pricing pricing, boolean keepLate,
      IdempotentSink<Cell, Pane<String, Long>> table) {
    Source<LogRecord<String, Usage>> source = from.withTimestamps(r -> r.value().eventMillis())
        .withWatermarks(() -> new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(WATERMARK_BOUND_MS)));
    WindowConfig windows = WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(WINDOW_MS)))
        .earlyFiringInterval(Duration.ofMillis(EARLY_EVERY_MS))
        .allowedLateness(Duration.ofMillis(keepLate ? KAPPA_LATENESS_MS : 0)).build();
    WindowedAggregator.Builder<String, Usage, Long> charges = WindowedAggregator.<String, Usage, Long>aggregate(pricing)
        .config(windows).ticker(sim.ticker()).lateDataOutput((customer, u, ts, watermark) -> sideOutput.add(u));
    return Pipeline.builder(Pipeline.from(source).map(LogRecord::value).keyBy(Usage::customer).window(charges).to(table))
        .config(config).ticker(sim.ticker()).build();
  }

  /** The next usage reaches the log; the one after is scheduled at its own arrival time. */
  private void arrive() {
    Usage u = usage.get(arrived++);
    log.append(TOPIC, 0, u.customer(), u);
    if (arrived < usage.size()) {
      sim.scheduleAt(usage.get(arrived).arrivalMillis() * NANOS_PER_MS, this::arrive);
    }
  }

  private void round() {
    if (kappa != null) {
      kappa.runRound();
    } else {
      speed.runRound();
    }
    long nowMs = sim.now() / NANOS_PER_MS;
    if (nowMs % SAMPLE_EVERY_MS == 0) {
      sample();
    }
    if (nowMs + ROUND_MS < RUN_MS) {
      sim.schedule(ROUND_MS * NANOS_PER_MS, this::round);
    }
  }

  /** Kappa: the new pricing, as a new job version replaying the whole log into a new table. */
  private void changePricing() {
    IdempotentSink<Cell, Pane<String, Long>> table = newTable();
    kappa.replay(job(Replay.fromOffset(log, TOPIC, 0, 0, 0), Pricing.V2, true, table), table);
  }

  /** Lambda's batch layer: every window recomputed exactly from the whole log as it is now. */
  private void batch() {
    List<Usage> all = new ArrayList<>();
    for (LogRecord<String, Usage> r : log.read(TOPIC, 0, 0, Integer.MAX_VALUE)) {
      all.add(r.value());
    }
    batchEvents += all.size();
    batchRuns++;
    batchTable = BatchInvoice.of(all, Pricing.V1, PERIOD_MS);
    batchCutoffMs = sim.now() / NANOS_PER_MS;
  }

  private void sample() {
    sampleTimes[samples] = sim.now();
    dashboard[samples++] = servingTotal();
  }

  private long servingTotal() {
    return BatchInvoice.total(serving());
  }

  /** The period's cells of a stream's table. */
  private static Map<Cell, Long> periodCells(IdempotentSink<Cell, Pane<String, Long>> table) {
    Map<Cell, Long> out = new TreeMap<>(Cell.ORDER);
    for (Map.Entry<Cell, Pane<String, Long>> e : table.table().entrySet()) {
      if (e.getKey().windowStart() < PERIOD_MS) {
        out.put(e.getKey(), e.getValue().value());
      }
    }
    return out;
  }

  /** What readers see for the period: the serving table (lambda: batch for windows the last batch run covered). */
  private Map<Cell, Long> serving() {
    Map<Cell, Long> out = periodCells(kappa != null ? kappa.current() : speedTable);
    if (variant == Variant.LAMBDA) {
      out.keySet().removeIf(c -> c.windowStart() + WINDOW_MS <= batchCutoffMs);
      for (Map.Entry<Cell, Long> e : batchTable.entrySet()) {
        if (e.getKey().windowStart() + WINDOW_MS <= batchCutoffMs) {
          out.put(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }
}
