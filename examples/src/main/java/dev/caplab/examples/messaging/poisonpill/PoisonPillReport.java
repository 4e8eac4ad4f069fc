package dev.caplab.examples.messaging.poisonpill;

import static dev.caplab.examples.messaging.poisonpill.PoisonPill.human;

import dev.caplab.examples.messaging.poisonpill.PoisonPill.Run;
import dev.caplab.examples.messaging.poisonpill.PoisonPill.Variant;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.broker.QueueProtocol;
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
 * Turns the poison-pill runs into the report: prose computed from the measured numbers, a table,
 * the queue-depth, in-flight and dead-letter series, the fault timelines, metrics and checks.
 *
 * <p>Immutable once built; used on one thread.
 */
final class PoisonPillReport {

  private final Map<Variant, Run> runs;

  PoisonPillReport(Map<Variant, Run> runs) {
    this.runs = runs;
  }

  /** Orders processed per second from time 0 to the pill's acceptance. */
  static long ratePerSecondBefore(Run r) {
    return perSecond(r.ledger().processedBetween(0, r.pillAcknowledgedAt()), r.pillAcknowledgedAt());
  }

  /**
   * Orders processed per second from {@link PoisonPill#SETTLE} after the pill's acceptance (when the
   * orders before it are through) to the producer's last acknowledged order.
   */
  static long ratePerSecondAfter(Run r) {
    long from = r.pillAcknowledgedAt() + PoisonPill.SETTLE.toNanos();
    long to = r.producerDoneAt();
    return perSecond(r.ledger().processedBetween(from, to), to - from);
  }

  private static long perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos);
  }

  /** Every order the producer had acknowledged is processed, dead-lettered with its reason, or still held. */
  static boolean noMessageLost(Run r) {
    boolean reasons = r.variant() != Variant.DLQ || r.deadLettered().isEmpty() || r.ledger().pillReason != null;
    return r.stuck().size() <= r.source().held() + r.ledger().parked && reasons;
  }

  void fill(ScenarioRun run) {
    run.paragraph(String.format(Locale.ROOT, "A producer sends %d orders, one every %s, through a queue on a simulated"
        + " broker; one consumer takes up to %d at a time every %s. Order %d is malformed (truncated JSON). The"
        + " consumer cannot tell that from a passing failure, so it gives the message back to the queue, visible again"
        + " after a full-jitter backoff of %s to %s. The network loses %.0f%% and duplicates %.0f%% of messages, and"
        + " the broker crashes at %s and is back at %s (its command log survives the crash).", PoisonPill.ORDERS,
        human(PoisonPill.SEND_EVERY), PoisonPill.BATCH, human(PoisonPill.POLL_EVERY), PoisonPill.PILL_INDEX,
        human(PoisonPill.BACKOFF_BASE), human(PoisonPill.BACKOFF_CAP), 100 * PoisonPill.LOSS,
        100 * PoisonPill.DUPLICATION, human(PoisonPill.BROKER_DOWN_AT), human(PoisonPill.BROKER_UP_AT)));
    run.heading("What happened");
    run.bullets(findings());
    Block.Table.Builder t = Block.Table.builder("designs", "The poison pill, by design",
        new Block.Column("design", Unit.TEXT), new Block.Column("processed", Unit.COUNT),
        new Block.Column("stuck", Unit.COUNT), new Block.Column("pill deliveries", Unit.COUNT),
        new Block.Column("receives", Unit.COUNT), new Block.Column("orders/s before", Unit.COUNT),
        new Block.Column("orders/s after", Unit.COUNT), new Block.Column("peak waiting", Unit.COUNT));
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      t.row(v.key(), (long) r.ledger().processed.size(), (long) r.stuck().size(), (long) r.ledger().pillDeliveries,
          r.source().receives(), ratePerSecondBefore(r), ratePerSecondAfter(r), r.sampler().peakWaiting());
    }
    run.add(t.build());
    List<Block.Line> waiting = new ArrayList<>();
    List<Block.Line> inFlight = new ArrayList<>();
    for (Variant v : Variant.values()) {
      waiting.add(runs.get(v).sampler().waiting(v.key()));
      inFlight.add(runs.get(v).sampler().inFlight(v.key()));
    }
    run.add(new Block.TimeSeries("waiting", "Messages waiting in the queue (visible or delayed), sampled every "
        + human(PoisonPill.SAMPLE_EVERY), Unit.COUNT, waiting));
    run.add(new Block.TimeSeries("inFlight", "Messages in flight (received, not yet deleted)", Unit.COUNT, inFlight));
    run.add(new Block.TimeSeries("deadLettered", "Messages in the dead-letter queue (dlq)", Unit.COUNT,
        List.of(runs.get(Variant.DLQ).sampler().deadLettered(Variant.DLQ.key()))));
    for (Variant v : Variant.values()) {
      run.add(run.timeline(v.key(), runs.get(v).faults()));
    }
    metrics(run);
    checks(run);
  }

  private List<String> findings() {
    List<String> found = new ArrayList<>();
    Run none = runs.get(Variant.NO_DLQ);
    Run ordered = runs.get(Variant.IN_ORDER);
    Run dlq = runs.get(Variant.DLQ);
    found.add(String.format(Locale.ROOT, "%s (%s): the pill was delivered %d times and %s at the end; a standard"
        + " queue hands out the other messages around it, so %d of the %d orders were processed and throughput went"
        + " from %d to %d orders/s after the pill. It cost %d receives for %d orders sent, and keeps costing one every"
        + " backoff for as long as the queue keeps it (%d days by default).", Variant.NO_DLQ.key(),
        Variant.NO_DLQ.description(), none.ledger().pillDeliveries, none.stuck().contains(PoisonPill.PILL)
            ? "was still in the queue" : "was gone", none.ledger().processed.size(), none.acknowledged().size(),
        ratePerSecondBefore(none), ratePerSecondAfter(none), none.source().receives(), none.acknowledged().size(),
        QueueConfig.DEFAULT_MESSAGE_RETENTION_PERIOD.toDays()));
    found.add(String.format(Locale.ROOT, "%s (%s): nothing after order %d could be applied. Throughput fell from %d to"
        + " %d orders/s; %d orders were processed and %d were stuck: %d parked by the consumer (its window is %d) and"
        + " the rest in the queue, which held %d messages at the end (with the producer's duplicates), up to %d"
        + " waiting at once. The consumer spent %d receives handing out orders it had to give back.",
        Variant.IN_ORDER.key(), Variant.IN_ORDER.description(), PoisonPill.PILL_INDEX, ratePerSecondBefore(ordered),
        ratePerSecondAfter(ordered), ordered.ledger().processed.size(), ordered.stuck().size(),
        ordered.ledger().parked, PoisonPill.RESEQUENCE_WINDOW, ordered.source().held(),
        ordered.sampler().peakWaiting(), ordered.source().receives()));
    StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "%s (%s): the pill was delivered %d times, then",
        Variant.DLQ.key(), Variant.DLQ.description(), deliveriesBeforeRedrive(dlq)));
    if (dlq.ledger().pillDeadLetteredAt >= 0) {
      d.append(String.format(Locale.ROOT, " moved to the dead-letter queue at %s with its reason \"%s\"",
          Durations.human(dlq.ledger().pillDeadLetteredAt), dlq.ledger().pillReason));
    } else {
      d.append(" never reached the dead-letter queue");
    }
    d.append(String.format(Locale.ROOT, "; throughput went from %d to %d orders/s after the pill.",
        ratePerSecondBefore(dlq), ratePerSecondAfter(dlq)));
    QueueProtocol.MoveTaskStatus task = dlq.redrives().isEmpty() ? null : dlq.redrives().get(0);
    if (task != null) {
      d.append(String.format(Locale.ROOT, " The fixed handler was deployed at %s; the broker's redrive (%s) moved %d"
          + " message back at %d/s", human(PoisonPill.DEPLOYED_AT), task.status().name().toLowerCase(Locale.ROOT),
          task.moved(), task.maxMessagesPerSecond()));
    }
    if (dlq.ledger().pillProcessedAt >= 0) {
      d.append(String.format(Locale.ROOT, " and the pill was processed at %s: all %d orders processed.",
          Durations.human(dlq.ledger().pillProcessedAt), dlq.ledger().processed.size()));
    } else {
      d.append(". The pill was NOT processed by the end.");
    }
    found.add(d.toString());
    found.add(String.format(Locale.ROOT, "The broker decoupled the producer from the consumer: in every design all %d"
        + " orders were accepted (the last at %s, %s and %s), whatever the consumer did, and it survived its crash."
        + " But a queue does not protect a consumer from a poison pill: without a dead-letter queue the pill loops"
        + " for ever, and an in-order consumer stops the line. The dead-letter queue sets it aside; a redrive (the"
        + " replay) is the process that turns it from set aside into processed once the handler is fixed.",
        PoisonPill.ORDERS, Durations.human(none.producerDoneAt()), Durations.human(ordered.producerDoneAt()),
        Durations.human(dlq.producerDoneAt())));
    found.add(String.format(Locale.ROOT, "Redeliveries are normal: the consumers saw %d, %d and %d deliveries of orders"
        + " they had already processed (duplicated network messages, lost deletes, the producer's retries). The"
        + " handlers are idempotent by order number, so none was applied twice.", none.ledger().duplicates,
        ordered.ledger().duplicates, dlq.ledger().duplicates));
    return found;
  }

  /** The pill's deliveries before the fixed handler processed it. */
  private static long deliveriesBeforeRedrive(Run r) {
    return r.ledger().pillProcessedAt >= 0 ? r.ledger().pillDeliveries - 1 : r.ledger().pillDeliveries;
  }

  private void metrics(ScenarioRun run) {
    run.metric("orders", Unit.COUNT, PoisonPill.ORDERS);
    run.metric("maxReceiveCount", Unit.COUNT, PoisonPill.MAX_RECEIVE_COUNT);
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      String k = v.key() + ".";
      run.metric(k + "acknowledged", Unit.COUNT, r.acknowledged().size());
      run.metric(k + "processed", Unit.COUNT, r.ledger().processed.size());
      run.metric(k + "stuck", Unit.COUNT, r.stuck().size());
      run.metric(k + "deadLetteredAtEnd", Unit.COUNT, r.deadLettered().size());
      run.metric(k + "pillDeliveries", Unit.COUNT, r.ledger().pillDeliveries);
      run.metric(k + "receives", Unit.COUNT, r.source().receives());
      run.metric(k + "duplicateDeliveries", Unit.COUNT, r.ledger().duplicates);
      run.metric(k + "ordersPerSecondBeforePill", Unit.COUNT, ratePerSecondBefore(r));
      run.metric(k + "ordersPerSecondAfterPill", Unit.COUNT, ratePerSecondAfter(r));
      run.metric(k + "peakWaiting", Unit.COUNT, r.sampler().peakWaiting());
      run.metric(k + "heldAtEnd", Unit.COUNT, r.source().held());
      run.metric(k + "parkedAtEnd", Unit.COUNT, r.ledger().parked);
      run.metric(k + "lastProcessedAt", Unit.NANOSECONDS, r.ledger().lastProcessedAt);
    }
    Run dlq = runs.get(Variant.DLQ);
    run.metric("dlq.pillDeadLetteredAt", Unit.NANOSECONDS, dlq.ledger().pillDeadLetteredAt < 0 ? null
        : dlq.ledger().pillDeadLetteredAt);
    run.metric("dlq.pillReason", Unit.TEXT, dlq.ledger().pillReason);
    run.metric("dlq.pillProcessedAt", Unit.NANOSECONDS, dlq.ledger().pillProcessedAt < 0 ? null
        : dlq.ledger().pillProcessedAt);
    run.metric("dlq.redriveMoved", Unit.COUNT, dlq.redrives().stream().mapToLong(QueueProtocol.MoveTaskStatus::moved).sum());
  }

  private void checks(ScenarioRun run) {
    List<Metric> evidence = new ArrayList<>();
    boolean noneLost = true;
    for (Variant v : Variant.values()) {
      Run r = runs.get(v);
      noneLost &= noMessageLost(r);
      evidence.add(Metric.count(v.key() + ".acknowledged", r.acknowledged().size()));
      evidence.add(Metric.count(v.key() + ".processed", r.ledger().processed.size()));
      evidence.add(Metric.count(v.key() + ".deadLettered", r.deadLettered().size()));
      evidence.add(Metric.count(v.key() + ".stuck", r.stuck().size()));
      evidence.add(Metric.count(v.key() + ".heldAtEnd", r.source().held()));
      evidence.add(Metric.count(v.key() + ".parkedAtEnd", r.ledger().parked));
    }
    run.check(Check.of("noMessageLost", noneLost, "in every design, every order the broker accepted ends processed, in the"
        + " dead-letter queue with its reason, or still in the queue (or parked by the in-order consumer): none disappears",
        evidence.toArray(Metric[]::new)));
    Run none = runs.get(Variant.NO_DLQ);
    run.check(Check.of("pillLoopsWithoutDlq", none.ledger().pillDeliveries > PoisonPill.MAX_RECEIVE_COUNT
        && none.stuck().contains(PoisonPill.PILL), "without a dead-letter queue the pill is delivered again and again"
        + " and never leaves the queue", Metric.count("pillDeliveries", none.ledger().pillDeliveries)));
    Run ordered = runs.get(Variant.IN_ORDER);
    run.check(Check.of("inOrderConsumerStalls", ordered.ledger().processed.size() == PoisonPill.PILL_INDEX
        && ordered.stuck().size() == ordered.acknowledged().size() - PoisonPill.PILL_INDEX,
        "an in-order consumer applies every order before the pill and none after it",
        Metric.count("processed", ordered.ledger().processed.size()), Metric.count("stuck", ordered.stuck().size()),
        Metric.count("ordersPerSecondAfterPill", ratePerSecondAfter(ordered))));
    Run dlq = runs.get(Variant.DLQ);
    boolean all = dlq.ledger().processed.size() == dlq.acknowledged().size() && dlq.stuck().isEmpty();
    run.check(Check.of("dlqProcessesEverything", all && dlq.ledger().pillReason != null
        && dlq.ledger().pillDeliveries == PoisonPill.MAX_RECEIVE_COUNT + 1,
        "with a dead-letter queue every other order is processed, the pill waits there with its reason after "
            + PoisonPill.MAX_RECEIVE_COUNT + " deliveries, and after the fix the redrive brings it back to be processed",
        Metric.count("processed", dlq.ledger().processed.size()), Metric.count("pillDeliveries",
            dlq.ledger().pillDeliveries), Metric.text("pillReason", String.valueOf(dlq.ledger().pillReason))));
  }
}
