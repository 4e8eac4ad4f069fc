package dev.caplab.examples.saga;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.log.GroupConfig;
import dev.caplab.messaging.log.LogBroker;
import dev.caplab.messaging.log.TopicConfig;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.node.Cluster;
import dev.caplab.node.Storage;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A checkout saga (reserve inventory, charge the card; then e-mail, recommendations and warehouse)
 * wired three ways, each under the same orders and the same crash of every service in turn, then
 * of the orchestrator (or the orders service): {@code orchestration} runs the follow-ups after the
 * point of no return, {@code allSync} runs all five before it, {@code choreography} lets services
 * react to each other's events on the log. It counts sagas completed, compensated, stuck and
 * half-done, the latency to the customer's answer and to the terminal state, and the messages.
 *
 * <p>Stateless and thread-safe.
 */
public final class CheckoutSaga implements Scenario {

  /** The command-line name. */
  public static final String NAME = "checkout-saga";

  static final String SHOP = "shop";
  static final String ORCHESTRATOR = "orchestrator";
  static final double ORDERS_PER_SECOND = 20;
  static final Duration LOAD_FOR = Duration.ofSeconds(30);
  static final Duration RUN_FOR = Duration.ofSeconds(90);
  static final int ITEMS = 5;
  static final int MAX_QUANTITY = 3;
  static final double DECLINE_PROBABILITY = 0.10;
  static final Duration STEP_TIMEOUT = Duration.ofMillis(500);
  static final Duration LINK_MEDIAN = Duration.ofMillis(2);
  static final double LINK_SIGMA = 0.5;
  static final double LOSS = 0.01;
  static final double DUPLICATION = 0.01;
  /** The first crash, the time between crashes, and how long each victim stays down. */
  static final Duration FIRST_CRASH = Duration.ofSeconds(3);
  static final Duration CRASH_EVERY = Duration.ofSeconds(5);
  static final Duration DOWN_FOR = Duration.ofSeconds(3);
  static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(1);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a checkout saga orchestrated or choreographed while each service crashes in turn: none half-done";
  }

  @Override
  public String question() {
    return "A checkout reserves inventory and charges a card, then e-mails, updates recommendations and notifies the"
        + " warehouse. When each service crashes in turn, does every saga end completed or fully compensated, and what"
        + " does it cost to wait for the follow-ups synchronously instead of after the point of no return?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Variant.values());
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Variant, Outcome> outcomes = run.eachVariant(Variant.class, (sim, v) -> run(sim, v, true));
    new Findings(outcomes).fill(run);
  }

  /** The orders of a run: ids in arrival order, items, quantities and declined cards from the seed. */
  static List<Order> orders(RandomGenerator random, int count) {
    List<Order> orders = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      orders.add(new Order(String.format(Locale.ROOT, "order-%04d", i), random.nextInt(ITEMS),
          1 + random.nextInt(MAX_QUANTITY), random.nextDouble() < DECLINE_PROBABILITY));
    }
    return orders;
  }

  /** Who crashes, in order: every service, then the orchestrator or the orders service. */
  static List<String> victims(Variant v) {
    List<String> victims = new ArrayList<>();
    for (Service s : Service.values()) {
      victims.add(s.node());
    }
    victims.add(v.orchestrated() ? ORCHESTRATOR : EventService.ORDERS);
    return victims;
  }

  /** Runs one design and measures it; an orchestrator that is not {@code durable} forgets its sagas when it crashes. */
  static Outcome run(Simulation sim, Variant v, boolean durable) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).loss(LOSS).duplication(DUPLICATION).build());
    SagaLedger ledger = new SagaLedger(!v.orchestrated());
    GroupConfig groups = GroupConfig.custom().sessionTimeout(SESSION_TIMEOUT).build();
    long[] arrivals = Arrivals.poisson(sim.random("workload"), ORDERS_PER_SECOND, 1).until(LOAD_FOR.toNanos());
    List<Order> orders = orders(sim.random("orders"), arrivals.length);
    String entry = v.orchestrated() ? ORCHESTRATOR : EventService.ORDERS;
    cluster.add(SHOP, () -> new Shop(entry, orders, arrivals, ledger));
    if (v.orchestrated()) {
      boolean async = v == Variant.ORCHESTRATION;
      cluster.add(ORCHESTRATOR, () -> new Orchestrator(async, STEP_TIMEOUT, ledger, durable));
      for (Service s : Service.values()) {
        cluster.add(s.node(), () -> new StepService(s, ledger));
      }
    } else {
      Map<String, TopicConfig> topics = Map.of(EventService.TOPIC, TopicConfig.ofDefaults());
      cluster.add(EventService.BROKER, () -> new LogBroker(topics, groups));
      cluster.add(EventService.ORDERS, () -> new EventService(null, ledger));
      for (Service s : Service.values()) {
        cluster.add(s.node(), () -> new EventService(s, ledger));
      }
    }
    FaultPlan.Builder plan = FaultPlan.builder();
    Duration at = FIRST_CRASH;
    for (String victim : victims(v)) {
      plan.crash(at, victim).restart(at.plus(DOWN_FOR), victim);
      at = at.plus(CRASH_EVERY);
    }
    FaultLog faults = FaultLog.of(cluster);
    plan.build().schedule(faults);
    SagaSampler sampler = new SagaSampler(cluster, v, ledger, groups);
    long step = SAMPLE_EVERY.toNanos();
    for (long t = 0; t <= RUN_FOR.toNanos(); t += step) {
      sim.scheduleAt(t, sampler::sample);
    }
    sim.runFor(RUN_FOR);
    return Outcome.measure(v, cluster, ledger, orders, sampler, faults);
  }

  /** What one design's run came to, read from the ledger and from the services' durable storage. */
  record Outcome(Variant variant, int placed, int accepted, int completed, int compensated, int stuck, int halfDone,
      int compensatedByTimeout, int followUpsMissing, int doubleCompensations, long messages, long eventsPublished,
      SagaLedger ledger, SagaSampler series, FaultLog faults, Cluster cluster) {

    static Outcome measure(Variant v, Cluster cluster, SagaLedger ledger, List<Order> orders, SagaSampler series,
        FaultLog faults) {
      Storage inventory = cluster.storage(cluster.id(Service.INVENTORY.node()));
      Storage payment = cluster.storage(cluster.id(Service.PAYMENT.node()));
      int placed = 0;
      int accepted = 0;
      int completed = 0;
      int compensated = 0;
      int stuck = 0;
      int halfDone = 0;
      int byTimeout = 0;
      int followUpsMissing = 0;
      int doubles = 0;
      for (Order o : orders) {
        SagaLedger.Entry e = ledger.orders().get(o.id());
        if (e == null || e.placedAt < 0) {
          continue;
        }
        placed++;
        accepted += e.accepted ? 1 : 0;
        boolean held = inventory.get(Service.HELD + o.id()) != null;
        boolean charged = payment.get(Service.CHARGED + o.id()) != null;
        boolean done = e.terminalAt >= 0 && e.completed;
        if (e.terminalAt < 0) {
          stuck++;
        } else {
          completed += e.completed ? 1 : 0;
          compensated += e.completed ? 0 : 1;
        }
        halfDone += held != done || charged != done ? 1 : 0;
        byTimeout += "timeout".equals(e.compensatedFor) ? 1 : 0;
        if (e.terminalAt >= 0 && e.completed) {
          for (Service s : Service.values()) {
            if (s.followUp() && cluster.storage(cluster.id(s.node())).get(Service.DONE + o.id()) == null) {
              followUpsMissing++;
            }
          }
        }
        for (int n : e.undone.values()) {
          doubles += n > 1 ? 1 : 0;
        }
      }
      return new Outcome(v, placed, accepted, completed, compensated, stuck, halfDone, byTimeout, followUpsMissing,
          doubles, cluster.stats().sent(), ledger.published(), ledger, series, faults, cluster);
    }

    boolean noMessageLost() {
      return accepted == placed && followUpsMissing == 0;
    }
  }

  /** Turns the three outcomes into prose, tables, a time series, metrics and checks. */
  record Findings(Map<Variant, Outcome> outcomes) {

    void fill(ScenarioRun run) {
      Outcome orch = outcomes.get(Variant.ORCHESTRATION);
      Outcome sync = outcomes.get(Variant.ALL_SYNC);
      Outcome chor = outcomes.get(Variant.CHOREOGRAPHY);
      run.paragraph(String.format(Locale.ROOT, "A shop places about %.0f orders/s for %s (%d orders here): up to"
          + " %d of one of %d items, %.0f%% of them on cards the bank declines. Every %s from %s, one more service"
          + " crashes for %s: %s. Links lose and duplicate %.0f%% of messages. A saga step that gets no answer in %s"
          + " counts as failed.",
          ORDERS_PER_SECOND, human(LOAD_FOR), orch.placed(), MAX_QUANTITY, ITEMS, DECLINE_PROBABILITY * 100,
          human(CRASH_EVERY), human(FIRST_CRASH), human(DOWN_FOR),
          String.join(", ", victims(Variant.ORCHESTRATION)) + " (orders in the choreography)", LOSS * 100,
          human(STEP_TIMEOUT)));
      run.bullets(List.of(
          "orchestration: the orchestrator reserves inventory and charges the card (the point of no return), answers"
              + " the customer, then runs e-mail, recommendations and warehouse, retrying each until it is done.",
          "allSync: the same orchestrator runs all five steps before answering; any failure compensates the order.",
          "choreography: no orchestrator; each service reacts to the events on the log and publishes its own."));
      run.heading("What happened");
      run.bullets(List.of(
          String.format(Locale.ROOT, "Every saga ended completed or fully compensated in %s: %d stuck and %d half-done"
              + " (inventory held or a card charged for an order that did not complete) across the three designs.",
              everySagaTerminal() && noHalfDone() ? "all three designs" : "NOT all designs",
              orch.stuck() + sync.stuck() + chor.stuck(), orch.halfDone() + sync.halfDone() + chor.halfDone()),
          String.format(Locale.ROOT, "Waiting synchronously for the follow-ups costs orders: allSync compensated %d"
              + " orders because a step timed out, orchestration %d. The e-mail, recommendations and warehouse crashes"
              + " failed good orders in allSync; in orchestration they only delayed the follow-ups (p99 to the terminal"
              + " state %s) while the customer's answer stayed fast (p99 %s, allSync %s).", sync.compensatedByTimeout(),
              orch.compensatedByTimeout(), Durations.human(orch.ledger().terminalLatency().p99()),
              Durations.human(orch.ledger().answerLatency().p99()),
              Durations.human(sync.ledger().answerLatency().p99())),
          String.format(Locale.ROOT, "The choreography failed no order to a crash (%d compensated, all for a business"
              + " reason): events waited in the log until their service came back. Its price is latency (p99 answer"
              + " %s) and messages: %d for %d orders (%.0f per order) against %d for orchestration, most of them the"
              + " services polling the log.", chor.compensated(), Durations.human(chor.ledger().answerLatency().p99()),
              chor.messages(), chor.placed(), (double) chor.messages() / chor.placed(), orch.messages())));
      Block.Table.Builder table = Block.Table.builder("sagas", "Sagas by design",
          new Block.Column("design", Unit.TEXT), new Block.Column("orders", Unit.COUNT),
          new Block.Column("completed", Unit.COUNT), new Block.Column("compensated", Unit.COUNT),
          new Block.Column("byTimeout", Unit.COUNT), new Block.Column("stuck", Unit.COUNT),
          new Block.Column("halfDone", Unit.COUNT), new Block.Column("answerP50", Unit.NANOSECONDS),
          new Block.Column("answerP99", Unit.NANOSECONDS), new Block.Column("terminalP99", Unit.NANOSECONDS),
          new Block.Column("messages", Unit.COUNT));
      for (Variant v : Variant.values()) {
        Outcome o = outcomes.get(v);
        table.row(v.key(), o.placed(), o.completed(), o.compensated(), o.compensatedByTimeout(), o.stuck(),
            o.halfDone(), o.ledger().answerLatency().p50(), o.ledger().answerLatency().p99(),
            o.ledger().terminalLatency().p99(), o.messages());
      }
      run.add(table.build());
      List<Block.Curve> answer = new ArrayList<>();
      List<Block.Curve> terminal = new ArrayList<>();
      for (Variant v : Variant.values()) {
        answer.add(Block.Curve.of(v.key(), outcomes.get(v).ledger().answerLatency()));
        terminal.add(Block.Curve.of(v.key(), outcomes.get(v).ledger().terminalLatency()));
      }
      run.add(new Block.Distribution("answerLatency", "From placing an order to the customer's answer", answer));
      run.add(new Block.Distribution("terminalLatency", "From placing an order to its saga's terminal state",
          terminal));
      run.add(run.timeline("orchestration", orch.faults()));
      queues(run);
      metrics(run);
      checks(run);
    }

    /** The queue-depth, in-flight, compensating and retrying series, their peaks in a table, and what they show. */
    private void queues(ScenarioRun run) {
      Outcome orch = outcomes.get(Variant.ORCHESTRATION);
      Outcome sync = outcomes.get(Variant.ALL_SYNC);
      Outcome chor = outcomes.get(Variant.CHOREOGRAPHY);
      run.heading("Queues over time");
      run.bullets(List.of(
          String.format(Locale.ROOT, "The choreography's queue is its consumer lag: up to %d records of the log not"
              + " yet consumed, summed over the six services' consumer groups, as each crashed service's group fell"
              + " behind and caught up after its restart. The orchestrators' queue is the step requests awaiting an"
              + " answer: at most %d in orchestration and %d in allSync, since a request that gets no answer times"
              + " out after %s instead of waiting for its service.", chor.series().queueDepth().peak(),
              orch.series().queueDepth().peak(), sync.series().queueDepth().peak(), human(STEP_TIMEOUT)),
          String.format(Locale.ROOT, "At most %d sagas were in flight at once in orchestration, %d in allSync and %d"
              + " in the choreography; at most %d, %d and %d of them compensating.",
              orch.series().inFlight().peak(), sync.series().inFlight().peak(), chor.series().inFlight().peak(),
              orch.series().compensating().peak(), sync.series().compensating().peak(),
              chor.series().compensating().peak()),
          String.format(Locale.ROOT, "A saga's dead letters are the sagas that can neither complete nor finish"
              + " compensating: those whose compensation is being retried because its service does not answer. At"
              + " most %d in orchestration and %d in allSync at once, %d at the end of the run. The choreography"
              + " retries no compensation: a release is an event in the log that waits, as lag, until the inventory"
              + " service reads it, so its count is %d by design.", orch.series().retryingCompensation().peak(),
              sync.series().retryingCompensation().peak(), retryingAtEnd(), chor.series().retryingCompensation()
                  .peak())));
      Block.Table.Builder peaks = Block.Table.builder("queues", "Peaks over the run, sampled every "
              + human(SAMPLE_EVERY),
          new Block.Column("design", Unit.TEXT), new Block.Column("queueDepth", Unit.COUNT),
          new Block.Column("inFlight", Unit.COUNT), new Block.Column("compensating", Unit.COUNT),
          new Block.Column("retryingCompensation", Unit.COUNT));
      for (Variant v : Variant.values()) {
        SagaSampler s = outcomes.get(v).series();
        peaks.row(v.key(), s.queueDepth().peak(), s.inFlight().peak(), s.compensating().peak(),
            s.retryingCompensation().peak());
      }
      run.add(peaks.build());
      List<Block.Line> depth = new ArrayList<>();
      List<Block.Line> inFlight = new ArrayList<>();
      List<Block.Line> compensating = new ArrayList<>();
      List<Block.Line> retrying = new ArrayList<>();
      for (Variant v : Variant.values()) {
        SagaSampler s = outcomes.get(v).series();
        depth.add(s.queueDepth().line(v.key()));
        inFlight.add(s.inFlight().line(v.key()));
        compensating.add(s.compensating().line(v.key()));
        retrying.add(s.retryingCompensation().line(v.key()));
      }
      run.add(new Block.TimeSeries("queueDepth", "Queue depth: step requests awaiting an answer (orchestrated),"
          + " consumer lag (choreography)", Unit.COUNT, depth));
      run.add(new Block.TimeSeries("inFlight", "Sagas in flight (placed, not yet terminal) over time", Unit.COUNT,
          inFlight));
      run.add(new Block.TimeSeries("compensating", "Sagas compensating (not yet compensated) over time", Unit.COUNT,
          compensating));
      run.add(new Block.TimeSeries("retryingCompensation", "Dead letters: sagas retrying a compensation (none in the"
          + " choreography by design)", Unit.COUNT, retrying));
    }

    /** Sagas still retrying a compensation when the run ends, over the three designs. */
    long retryingAtEnd() {
      return outcomes.values().stream().mapToLong(o -> o.series().retryingCompensation().last()).sum();
    }

    boolean compensationsDrain() {
      return retryingAtEnd() == 0
          && outcomes.get(Variant.CHOREOGRAPHY).series().retryingCompensation().peak() == 0;
    }

    boolean everySagaTerminal() {
      return outcomes.values().stream().allMatch(o -> o.stuck() == 0);
    }

    boolean noHalfDone() {
      return outcomes.values().stream().allMatch(o -> o.halfDone() == 0 && o.doubleCompensations() == 0);
    }

    boolean noMessageLost() {
      return outcomes.values().stream().allMatch(Outcome::noMessageLost);
    }

    private void metrics(ScenarioRun run) {
      for (Variant v : Variant.values()) {
        Outcome o = outcomes.get(v);
        String k = v.key() + ".";
        run.metric(k + "orders", Unit.COUNT, (long) o.placed());
        run.metric(k + "accepted", Unit.COUNT, (long) o.accepted());
        run.metric(k + "completed", Unit.COUNT, (long) o.completed());
        run.metric(k + "compensated", Unit.COUNT, (long) o.compensated());
        run.metric(k + "compensatedByTimeout", Unit.COUNT, (long) o.compensatedByTimeout());
        run.metric(k + "stuck", Unit.COUNT, (long) o.stuck());
        run.metric(k + "halfDone", Unit.COUNT, (long) o.halfDone());
        run.metric(k + "doubleCompensations", Unit.COUNT, (long) o.doubleCompensations());
        run.metric(k + "followUpsMissing", Unit.COUNT, (long) o.followUpsMissing());
        run.metric(k + "messages", Unit.COUNT, o.messages());
        if (!v.orchestrated()) {
          run.metric(k + "eventsPublished", Unit.COUNT, o.eventsPublished());
        }
        run.metric(k + "peakQueueDepth", Unit.COUNT, o.series().queueDepth().peak());
        run.metric(k + "peakInFlight", Unit.COUNT, o.series().inFlight().peak());
        run.metric(k + "peakCompensating", Unit.COUNT, o.series().compensating().peak());
        run.metric(k + "peakRetryingCompensation", Unit.COUNT, o.series().retryingCompensation().peak());
        run.latency(k + "answerLatency", o.ledger().answerLatency());
        run.latency(k + "terminalLatency", o.ledger().terminalLatency());
      }
    }

    private void checks(ScenarioRun run) {
      List<Metric> stuck = new ArrayList<>();
      List<Metric> halfDone = new ArrayList<>();
      List<Metric> lost = new ArrayList<>();
      for (Variant v : Variant.values()) {
        Outcome o = outcomes.get(v);
        stuck.add(Metric.count(v.key() + "Stuck", o.stuck()));
        halfDone.add(Metric.count(v.key() + "HalfDone", o.halfDone()));
        halfDone.add(Metric.count(v.key() + "DoubleCompensations", o.doubleCompensations()));
        lost.add(Metric.count(v.key() + "NotAccepted", o.placed() - o.accepted()));
        lost.add(Metric.count(v.key() + "FollowUpsMissing", o.followUpsMissing()));
      }
      run.check(new Check("everySagaTerminal", everySagaTerminal(),
          "every saga of every design reached COMPLETED or COMPENSATED by the end of the run", stuck));
      run.check(new Check("noHalfDone", noHalfDone(), "inventory is held iff the card is charged iff the order"
          + " completed, and no compensation took effect twice", halfDone));
      run.check(new Check("noMessageLost", noMessageLost(), "every order placed was accepted, and every completed"
          + " order's e-mail, recommendations and warehouse follow-ups were done", lost));
      List<Metric> retrying = new ArrayList<>();
      for (Variant v : Variant.values()) {
        retrying.add(Metric.count(v.key() + "RetryingAtEnd", outcomes.get(v).series().retryingCompensation().last()));
      }
      retrying.add(Metric.count("choreographyPeakRetrying",
          outcomes.get(Variant.CHOREOGRAPHY).series().retryingCompensation().peak()));
      run.check(new Check("compensationsDrain", compensationsDrain(), "no saga is left retrying a compensation at the"
          + " end of the run, and the choreography, which retries none, never has one", retrying));
      Outcome orch = outcomes.get(Variant.ORCHESTRATION);
      Outcome sync = outcomes.get(Variant.ALL_SYNC);
      run.check(Check.of("asyncFollowUpsLoseFewerOrders", orch.compensatedByTimeout() < sync.compensatedByTimeout(),
          "running the follow-ups after the point of no return compensates fewer orders for a timeout than running"
              + " them before it", Metric.count("orchestration", orch.compensatedByTimeout()),
          Metric.count("allSync", sync.compensatedByTimeout())));
    }
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
