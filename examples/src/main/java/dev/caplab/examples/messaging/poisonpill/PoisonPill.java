package dev.caplab.examples.messaging.poisonpill;

import dev.caplab.examples.messaging.QueueSampler;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.queue.FailurePolicy;
import dev.caplab.messaging.queue.MessageHandler;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.messaging.queue.broker.QueueBrokerNode;
import dev.caplab.messaging.queue.broker.QueueConsumerNode;
import dev.caplab.messaging.queue.broker.QueueProducerNode;
import dev.caplab.messaging.queue.broker.QueueProtocol;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One malformed order (the poison pill) among {@link #ORDERS} orders, sent through a simulated
 * SQS-style broker ({@link QueueBrokerNode}) by a producer node to a consumer node, over a network
 * that loses and duplicates messages, with the broker crashing once. The consumer cannot tell the
 * pill from a passing failure, so it gives it back to the queue to retry. Three designs, each in a
 * simulation of its own from the same seed:
 *
 * <ul>
 *   <li>{@code noDlq}: a standard consumer, no dead-letter queue: the pill comes back for ever;
 *   <li>{@code inOrder}: no dead-letter queue and a consumer that must apply orders in sequence (a
 *       FIFO-ish consumer, one message group): it parks up to {@link #RESEQUENCE_WINDOW} orders ahead
 *       of the next one in its own storage and gives the rest back, so nothing after the pill can
 *       be applied;
 *   <li>{@code dlq}: a standard consumer, and a redrive policy that moves a message received
 *       {@link #MAX_RECEIVE_COUNT} times to a dead-letter queue; at {@link #FIX_AT} the fixed
 *       handler is deployed (the consumer restarts) and an operator starts a broker-side redrive.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PoisonPill implements Scenario {

  /** The command-line name. */
  public static final String NAME = "poison-pill";

  static final String BROKER = "broker";
  static final String QUEUE = "orders";
  static final String DLQ = "orders-dlq";
  static final int ORDERS = 600;
  static final int PILL_INDEX = 150;
  static final String PILL = "order-" + PILL_INDEX + ":{qty:";
  static final Duration SEND_EVERY = Duration.ofMillis(20);
  static final Duration POLL_EVERY = Duration.ofMillis(20);
  static final int BATCH = 10;
  static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(2);
  static final Duration CALL_TIMEOUT = Duration.ofMillis(100);
  static final Duration BACKOFF_BASE = Duration.ofMillis(100);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(1);
  static final Duration IN_ORDER_RETRY = Duration.ofMillis(50);
  /** How far ahead of the next order the in-order consumer parks orders (acknowledged, kept in its storage). */
  static final int RESEQUENCE_WINDOW = 50;
  static final String NEXT_ORDER = "next-order";
  static final String PARKED = "parked/";
  static final int MAX_RECEIVE_COUNT = 5;
  static final Duration BROKER_DOWN_AT = Duration.ofSeconds(8);
  static final Duration BROKER_UP_AT = Duration.ofMillis(8_400);
  static final Duration FIX_AT = Duration.ofSeconds(20);
  static final Duration DEPLOYED_AT = FIX_AT.plusMillis(500);
  static final Duration REDRIVE_AT = FIX_AT.plusSeconds(1);
  static final int REDRIVE_RATE = 10;
  static final Duration RUN_UNTIL = Duration.ofSeconds(30);
  static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
  /** Throughput "after the pill" is counted from this long after its acceptance. */
  static final Duration SETTLE = Duration.ofSeconds(1);
  static final double LOSS = 0.01;
  static final double DUPLICATION = 0.01;

  /** The designs compared. */
  enum Variant implements VariantKey {
    NO_DLQ("noDlq", "standard consumer, no dead-letter queue"),
    IN_ORDER("inOrder", "in-order consumer, no dead-letter queue"),
    DLQ("dlq", "standard consumer, dead-letter queue after " + MAX_RECEIVE_COUNT + " receives, then fix and redrive");

    private final String key;
    private final String description;

    Variant(String key, String description) {
      this.key = key;
      this.description = description;
    }

    @Override
    public String key() {
      return key;
    }

    String description() {
      return description;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "one malformed order in a queue: retried for ever, blocking an in-order consumer, or dead-lettered and redriven";
  }

  @Override
  public String question() {
    return "One malformed order arrives among 600 good ones. What does it cost without a dead-letter queue, for a"
        + " consumer that skips it and for one that must keep order, and what does a dead-letter queue with a"
        + " redrive change?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Variant.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Variant, Run> runs = run.eachVariant(Variant.class, (sim, v) -> run(sim, v));
    new PoisonPillReport(runs).fill(run);
  }

  /** What the consumer did, across its restarts: every processed order, the pill's deliveries. */
  static final class Ledger {
    final Map<String, Integer> processed = new LinkedHashMap<>();
    final List<Long> processedAt = new ArrayList<>();
    int pillDeliveries;
    long duplicates;
    int parked;
    long pillProcessedAt = -1;
    long pillDeadLetteredAt = -1;
    String pillReason;
    Object redriveAnswer;
    long lastProcessedAt = -1;

    void processed(String body, long now) {
      if (processed.merge(body, 1, Integer::sum) > 1) {
        duplicates++;
      } else {
        processedAt.add(now);
        lastProcessedAt = now;
        if (body.equals(PILL)) {
          pillProcessedAt = now;
        }
      }
    }

    /** Distinct orders processed in [from, to). */
    long processedBetween(long from, long to) {
      return processedAt.stream().filter(t -> t >= from && t < to).count();
    }
  }

  /**
   * One design's run.
   *
   * @param acknowledged the orders the broker confirmed to the producer
   * @param stuck orders neither processed nor dead-lettered at the end, still in the queue
   */
  record Run(Variant variant, Ledger ledger, Set<String> acknowledged, long pillAcknowledgedAt,
      long producerDoneAt, QueueStats source, QueueStats dlq, List<String> deadLettered, List<String> stuck,
      List<QueueProtocol.MoveTaskStatus> redrives, QueueSampler sampler, FaultLog faults) {}

  private static Run run(Simulation sim, Variant variant) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(5)))
        .loss(LOSS)
        .duplication(DUPLICATION)
        .build());
    boolean dlq = variant == Variant.DLQ;
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    if (dlq) {
      queues.put(DLQ, QueueConfig.ofDefaults());
      queues.put(QUEUE, QueueConfig.custom().redrivePolicy(RedrivePolicy.of(DLQ, MAX_RECEIVE_COUNT)).build());
    } else {
      queues.put(QUEUE, QueueConfig.ofDefaults());
    }
    NodeId broker = cluster.add(BROKER, () -> new QueueBrokerNode(queues));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      bodies.add(i == PILL_INDEX ? PILL : "order-" + i);
    }
    Set<String> acknowledged = new LinkedHashSet<>();
    long[] pillAckAt = {-1};
    long[] doneAt = {-1};
    cluster.add("producer", () -> new QueueProducerNode(BROKER, QUEUE, bodies, SEND_EVERY, CALL_TIMEOUT, body -> {
      if (acknowledged.add(body)) {
        if (body.equals(PILL)) {
          pillAckAt[0] = sim.now();
        }
        if (acknowledged.size() == ORDERS) {
          doneAt[0] = sim.now();
        }
      }
    }));
    Ledger ledger = new Ledger();
    RetryConfig retry = RetryConfig.custom().maxAttempts(Integer.MAX_VALUE)
        .retryOnException(e -> true) // the consumer cannot tell a poison pill from a passing failure
        // an order that must wait for an earlier one is given back for a moment only, so a gap (a
        // receive whose answer was lost) closes fast; anything else backs off with jitter
        .backoff(variant == Variant.IN_ORDER ? Backoff.fixed(IN_ORDER_RETRY) : Backoff.fullJitter(BACKOFF_BASE,
            BACKOFF_CAP))
        .build();
    cluster.add("consumer", () -> new QueueConsumerNode(BROKER, QUEUE, BATCH, VISIBILITY_TIMEOUT, POLL_EVERY,
        CALL_TIMEOUT, dlq, ctx -> handler(ctx, variant, ledger, sim.now() >= DEPLOYED_AT.toNanos()),
        ctx -> FailurePolicy.of(retry, ctx.random())));
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.Builder plan = FaultPlan.builder().crash(BROKER_DOWN_AT, BROKER).restart(BROKER_UP_AT, BROKER);
    if (dlq) {
      plan.crash(FIX_AT, "consumer").restart(DEPLOYED_AT, "consumer"); // the fixed handler's deployment
      cluster.add("operator", () -> new RedriveOperator(BROKER, DLQ, REDRIVE_AT, REDRIVE_RATE, CALL_TIMEOUT,
          inspected -> inspected.stream().filter(m -> m.body().equals(PILL)).findFirst().ifPresent(m -> {
            ledger.pillReason = m.deadLetter().reason();
            ledger.pillDeadLetteredAt = m.deadLetter().deadLetteredNanos();
          }),
          answer -> ledger.redriveAnswer = answer));
    }
    plan.build().schedule(faults);
    QueueSampler sampler = QueueSampler.start(cluster, broker, QUEUE, dlq ? DLQ : null, SAMPLE_EVERY, RUN_UNTIL);
    sim.runFor(RUN_UNTIL);

    QueueBrokerNode b = cluster.node(broker, QueueBrokerNode.class);
    QueueStats dlqStats = dlq ? b.service().queue(DLQ).stats() : null;
    List<String> deadLettered = new ArrayList<>();
    if (dlq) {
      MessageQueue q = b.service().queue(DLQ);
      for (List<ReceivedMessage> got = q.receive(10); !got.isEmpty(); got = q.receive(10)) {
        got.forEach(m -> deadLettered.add(m.body()));
      }
    }
    List<String> stuck = new ArrayList<>();
    for (String body : acknowledged) {
      if (!ledger.processed.containsKey(body) && !deadLettered.contains(body)) {
        stuck.add(body);
      }
    }
    return new Run(variant, ledger, acknowledged, pillAckAt[0], doneAt[0], b.service().queue(QUEUE).stats(), dlqStats,
        deadLettered, stuck, dlq ? b.messageMoveTasks(DLQ) : List.of(), sampler, faults);
  }

  /** The consumer's handler for this design; {@code fixed} after the fixed version is deployed. */
  private static MessageHandler handler(NodeContext ctx, Variant variant, Ledger ledger, boolean fixed) {
    if (variant == Variant.IN_ORDER) {
      Storage storage = ctx.storage();
      return m -> {
        if (m.body().equals(PILL)) {
          ledger.pillDeliveries++;
        }
        int n = parse(m.body(), false);
        Integer next = storage.get(NEXT_ORDER, Integer.class);
        int expected = next == null ? 0 : next;
        if (n > expected + RESEQUENCE_WINDOW) {
          throw new IllegalStateException("waiting for order-" + expected);
        }
        if (n < expected || storage.get(PARKED + n) != null) {
          ledger.duplicates++; // applied or parked already: an idempotent no-op
          return;
        }
        if (n > expected) {
          storage.put(PARKED + n, m.body()); // kept durably and acknowledged, applied when its turn comes
          storage.sync();
          ledger.parked++;
          return;
        }
        ledger.processed(m.body(), ctx.now());
        int following = n + 1;
        for (; storage.get(PARKED + following) != null; following++) {
          ledger.processed((String) storage.get(PARKED + following), ctx.now());
          storage.remove(PARKED + following);
          ledger.parked--;
        }
        storage.put(NEXT_ORDER, following);
        storage.sync();
      };
    }
    return m -> {
      if (m.body().equals(PILL)) {
        ledger.pillDeliveries++;
      }
      parse(m.body(), fixed);
      ledger.processed(m.body(), ctx.now());
    };
  }

  /** The order number of {@code body}; the pill parses only with the fixed handler. */
  static int parse(String body, boolean fixed) {
    int colon = body.indexOf(':');
    if (colon >= 0 && !fixed) {
      throw new IllegalArgumentException("cannot parse " + body + ": truncated JSON after '" + body.substring(colon)
          + "'");
    }
    return Integer.parseInt(body.substring("order-".length(), colon >= 0 ? colon : body.length()));
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
