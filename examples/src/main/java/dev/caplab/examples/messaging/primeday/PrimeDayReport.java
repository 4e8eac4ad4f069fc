package dev.caplab.examples.messaging.primeday;

import static dev.caplab.examples.messaging.primeday.PrimeDayOrders.human;

import dev.caplab.examples.messaging.primeday.PrimeDayOrders.Run;
import dev.caplab.examples.messaging.primeday.PrimeDayOrders.Variant;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the prime-day runs into the report: prose computed from the measured numbers, a table,
 * the series (orders accepted and processed per second, queue depth, in flight, dead letters,
 * fleet size, age of the oldest order), latency distributions, metrics and checks.
 *
 * <p>Immutable once built; used on one thread.
 */
final class PrimeDayReport {

  private static final int WINDOWS = (int) (PrimeDayOrders.RUN_UNTIL.toNanos() / PrimeDayOrders.RATE_WINDOW.toNanos());

  private final Map<Variant, Run> runs;

  PrimeDayReport(Map<Variant, Run> runs) {
    this.runs = runs;
  }

  /** When the last order accepted before the spike ended was processed, or -1 if one never was. */
  static long spikeDrainedAt(Run r) {
    OrderLedger l = r.ledger();
    long last = 0;
    for (int i = 0; i < l.orders(); i++) {
      long accepted = l.acceptedAt(i);
      if (accepted >= 0 && accepted < PrimeDayOrders.SPIKE_END.toNanos() && !OrderLedger.isMalformed(l.body(i))) {
        if (l.processedAt(i) < 0) {
          return -1;
        }
        last = Math.max(last, l.processedAt(i));
      }
    }
    return last;
  }

  /** Accepted orders that are neither processed nor dead-lettered with a reason. */
  static List<String> missing(Run r) {
    List<String> missing = new ArrayList<>();
    OrderLedger l = r.ledger();
    for (int i = 0; i < l.orders(); i++) {
      String body = l.body(i);
      if (l.acceptedAt(i) >= 0 && l.processedAt(i) < 0 && r.deadLettered().get(body) == null) {
        missing.add(body);
      }
    }
    return missing;
  }

  static long peak(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return (long) max;
  }

  private static double[] accepted(Run r) {
    long[] at = new long[r.ledger().orders()];
    for (int i = 0; i < at.length; i++) {
      at[i] = r.ledger().acceptedAt(i);
    }
    return PrimeDayOrders.perWindow(at, WINDOWS);
  }

  private static double[] processed(Run r) {
    long[] at = new long[r.ledger().orders()];
    for (int i = 0; i < at.length; i++) {
      at[i] = r.ledger().processedAt(i);
    }
    return PrimeDayOrders.perWindow(at, WINDOWS);
  }

  void fill(ScenarioRun run) {
    Run lag = runs.get(Variant.LAG_SCALED);
    run.paragraph(String.format(Locale.ROOT, "Orders arrive at about %.0f a second; from %s to %s they arrive at"
        + " %.0f a second (%d orders in all, a Poisson process). The storefront puts each order on a queue of a"
        + " simulated broker and tells the customer \"order received\" as soon as the broker has it. Each worker"
        + " spends %s of CPU per order and takes %d at a time, so it processes at most about %d orders a second."
        + " The fleet starts with %d workers and may grow to %d; a launched worker is in service %s later, and the"
        + " scaler looks every %s. One in %d orders is malformed and goes to the dead-letter queue; the network loses"
        + " and duplicates %.1f%% of messages, and %s crashes from %s to %s.", PrimeDayOrders.BASE_RATE,
        human(PrimeDayOrders.SPIKE_AT), human(PrimeDayOrders.SPIKE_END), PrimeDayOrders.SPIKE_RATE,
        lag.arrivals().length, human(PrimeDayOrders.PROCESS_TIME), PrimeDayOrders.BATCH,
        Math.round(1e9 / PrimeDayOrders.PROCESS_TIME.toNanos()), PrimeDayOrders.MIN_WORKERS,
        PrimeDayOrders.MAX_WORKERS, human(PrimeDayOrders.BOOT_TIME), human(PrimeDayOrders.EVALUATE_EVERY),
        PrimeDayOrders.MALFORMED_EVERY, 100 * PrimeDayOrders.LOSS, PrimeDayOrders.CRASHED_WORKER,
        human(PrimeDayOrders.WORKER_CRASH_AT), human(PrimeDayOrders.WORKER_BACK_AT)));
    run.heading("What happened");
    run.bullets(findings());
    Block.Table.Builder t = Block.Table.builder("policies", "The spike, by scaling policy",
        new Block.Column("policy", Unit.TEXT), new Block.Column("peak waiting", Unit.COUNT),
        new Block.Column("oldest waited", Unit.NANOSECONDS), new Block.Column("peak workers", Unit.COUNT),
        new Block.Column("spike drained after", Unit.NANOSECONDS), new Block.Column("p99 latency", Unit.NANOSECONDS),
        new Block.Column("worker time", Unit.NANOSECONDS), new Block.Column("dead-lettered", Unit.COUNT));
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      long drained = spikeDrainedAt(r);
      t.row(v.key(), r.sampler().peakWaiting(), peak(r.oldest()), (long) r.scaler().peak(),
          drained < 0 ? null : drained - PrimeDayOrders.SPIKE_END.toNanos(), r.ledger().latency().p99(),
          r.scaler().workerNanos(PrimeDayOrders.RUN_UNTIL.toNanos()), (long) r.deadLettered().size());
    }
    run.add(t.build());
    List<Block.Line> rates = new ArrayList<>();
    long[] starts = PrimeDayOrders.windowStarts(WINDOWS);
    rates.add(new Block.Line("accepted", starts, accepted(lag)));
    for (Variant v : Variant.values()) {
      rates.add(new Block.Line("processed " + v.key(), starts, processed(runs.get(v))));
    }
    run.add(new Block.TimeSeries("rates", "Orders accepted and processed per " + human(PrimeDayOrders.RATE_WINDOW),
        Unit.COUNT, rates));
    List<Block.Line> waiting = new ArrayList<>();
    List<Block.Line> inFlight = new ArrayList<>();
    List<Block.Line> dead = new ArrayList<>();
    List<Block.Line> fleet = new ArrayList<>();
    List<Block.Line> oldest = new ArrayList<>();
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      waiting.add(r.sampler().waiting(v.key()));
      inFlight.add(r.sampler().inFlight(v.key()));
      dead.add(r.sampler().deadLettered(v.key()));
      fleet.add(new Block.Line(v.key(), r.scaler().times(), r.scaler().sizes()));
      oldest.add(new Block.Line(v.key(), r.oldestTimes(), r.oldest()));
    }
    run.add(new Block.TimeSeries("waiting", "Orders waiting in the queue, sampled every "
        + human(PrimeDayOrders.SAMPLE_EVERY), Unit.COUNT, waiting));
    run.add(new Block.TimeSeries("inFlight", "Orders in flight (received by a worker, not yet deleted)", Unit.COUNT,
        inFlight));
    run.add(new Block.TimeSeries("deadLettered", "Orders in the dead-letter queue", Unit.COUNT, dead));
    run.add(new Block.TimeSeries("fleet", "Workers in service", Unit.COUNT, fleet));
    run.add(new Block.TimeSeries("oldest", "Age of the oldest order waiting", Unit.NANOSECONDS, oldest));
    List<Block.Curve> curves = new ArrayList<>();
    for (Variant v : Variant.values()) {
      curves.add(Block.Curve.of(v.key(), runs.get(v).ledger().latency()));
    }
    run.add(new Block.Distribution("latency", "Order latency: accepted -> processed", curves));
    for (Variant v : Variant.values()) {
      run.add(run.timeline(v.key(), runs.get(v).faults()));
    }
    metrics(run);
    checks(run);
  }

  private List<String> findings() {
    List<String> found = new ArrayList<>();
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      long drained = spikeDrainedAt(r);
      found.add(String.format(Locale.ROOT, "%s (%s): the backlog peaked at %d orders waiting, the oldest %s old; the"
          + " fleet grew to %d workers; %s; the p99 order latency was %s, and the fleet cost %s of worker time.",
          v.key(), v.description(), r.sampler().peakWaiting(), Durations.human(peak(r.oldest())), r.scaler().peak(),
          drained < 0 ? "the spike's orders were NOT all processed by the end"
              : "the spike's orders were all processed " + Durations.human(drained - PrimeDayOrders.SPIKE_END.toNanos())
                  + " after the spike ended", Durations.human(r.ledger().latency().p99()),
          Durations.human(r.scaler().workerNanos(PrimeDayOrders.RUN_UNTIL.toNanos()))));
    }
    Run lag = runs.get(Variant.LAG_SCALED);
    Run cpu = runs.get(Variant.CPU_SCALED);
    found.add(String.format(Locale.ROOT, "The storefront accepted up to %d orders a second while the workers processed"
        + " at most %d (lagScaled) and %d (cpuScaled): the queue took the difference, and no customer waited for a"
        + " worker to say \"order received\".", peak(accepted(lag)), peak(processed(lag)), peak(processed(cpu))));
    long lagDrain = spikeDrainedAt(lag);
    long cpuDrain = spikeDrainedAt(cpu);
    if (lagDrain >= 0 && (cpuDrain < 0 || lagDrain < cpuDrain)) {
      found.add(String.format(Locale.ROOT, "Scaling on the queue drained the spike %s sooner. CPU utilisation cannot"
          + " say how far behind the fleet is: it stops at 100%%, so each look can only ask for about %.1f times the"
          + " workers there are, while the queue's depth asked for %d workers at once.",
          cpuDrain < 0 ? "(the CPU-scaled fleet never did)" : Durations.human(cpuDrain - lagDrain),
          1 / PrimeDayOrders.CPU_TARGET, lag.scaler().peak()));
    } else {
      found.add("Scaling on the queue did NOT drain the spike sooner than scaling on CPU in this run.");
    }
    found.add(String.format(Locale.ROOT, "A broker decouples and absorbs, but does not finish the job: %d and %d"
        + " malformed orders waited in the dead-letter queue with their reasons (someone must review and replay"
        + " them), and the workers saw %d and %d deliveries of orders already processed (duplicates from retries,"
        + " lost deletes and %s's crash), which only an idempotent consumer makes harmless.",
        lag.deadLettered().size(), cpu.deadLettered().size(), lag.ledger().duplicates(), cpu.ledger().duplicates(),
        PrimeDayOrders.CRASHED_WORKER));
    return found;
  }

  private void metrics(ScenarioRun run) {
    run.metric("baseRate", Unit.COUNT, Math.round(PrimeDayOrders.BASE_RATE));
    run.metric("spikeRate", Unit.COUNT, Math.round(PrimeDayOrders.SPIKE_RATE));
    run.metric("spikeEnd", Unit.NANOSECONDS, PrimeDayOrders.SPIKE_END.toNanos());
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      String k = v.key() + ".";
      long drained = spikeDrainedAt(r);
      run.metric(k + "orders", Unit.COUNT, r.ledger().orders());
      run.metric(k + "accepted", Unit.COUNT, r.ledger().accepted());
      run.metric(k + "processed", Unit.COUNT, r.ledger().processed());
      run.metric(k + "deadLettered", Unit.COUNT, r.deadLettered().size());
      run.metric(k + "missing", Unit.COUNT, missing(r).size());
      run.metric(k + "duplicateDeliveries", Unit.COUNT, r.ledger().duplicates());
      run.metric(k + "peakAcceptedPerSecond", Unit.COUNT, peak(accepted(r)));
      run.metric(k + "peakProcessedPerSecond", Unit.COUNT, peak(processed(r)));
      run.metric(k + "peakWaiting", Unit.COUNT, r.sampler().peakWaiting());
      run.metric(k + "peakAgeOfOldest", Unit.NANOSECONDS, peak(r.oldest()));
      run.metric(k + "peakWorkers", Unit.COUNT, r.scaler().peak());
      run.metric(k + "workerTime", Unit.NANOSECONDS, r.scaler().workerNanos(PrimeDayOrders.RUN_UNTIL.toNanos()));
      run.metric(k + "spikeDrainedAt", Unit.NANOSECONDS, drained < 0 ? null : drained);
      run.metric(k + "receives", Unit.COUNT, r.source().receives());
      run.latency(k + "orderLatency", r.ledger().latency());
    }
  }

  private void checks(ScenarioRun run) {
    List<Metric> evidence = new ArrayList<>();
    boolean none = true;
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      int missing = missing(r).size();
      none &= missing == 0 && r.ledger().accepted() == r.ledger().orders();
      evidence.add(Metric.count(v.key() + ".accepted", r.ledger().accepted()));
      evidence.add(Metric.count(v.key() + ".processed", r.ledger().processed()));
      evidence.add(Metric.count(v.key() + ".deadLettered", r.deadLettered().size()));
      evidence.add(Metric.count(v.key() + ".missing", missing));
    }
    run.check(Check.of("noMessageLost", none, "under both policies every order is accepted and ends processed or in"
        + " the dead-letter queue with its reason", evidence.toArray(Metric[]::new)));
    long lag = spikeDrainedAt(runs.get(Variant.LAG_SCALED));
    long cpu = spikeDrainedAt(runs.get(Variant.CPU_SCALED));
    run.check(Check.of("lagScalingDrainsSooner", lag >= 0 && (cpu < 0 || lag < cpu),
        "the fleet scaled on queue depth processes the spike's orders sooner than the fleet scaled on CPU",
        new Metric("lagScaled.spikeDrainedAt", Unit.NANOSECONDS, lag < 0 ? null : lag),
        new Metric("cpuScaled.spikeDrainedAt", Unit.NANOSECONDS, cpu < 0 ? null : cpu)));
  }
}
