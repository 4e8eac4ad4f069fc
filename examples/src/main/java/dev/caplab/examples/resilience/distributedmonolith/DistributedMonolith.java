package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.FaultLog;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.Durations;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A checkout that depends on four services, each available {@link #SERVICE_AVAILABILITY} of the
 * time, wired two ways.
 *
 * <p>{@code sync4}, the distributed monolith: the checkout calls payment, inventory, shipping and
 * e-mail one after the other while the customer waits, so an order succeeds only if all four do,
 * with probability {@code 0.99^4 = 96.06%}, and waits for the sum of four latencies.
 * {@code sync2async2}: it calls only the two the answer depends on (payment, inventory) and
 * publishes events for shipping and e-mail to a queue that a worker processes later, with retries.
 * The customer now depends on two services and the queue; the other two can fail without failing
 * an order, because their work is retried until done.
 *
 * <p>The designs are the scenario's variants, each on its own simulation from the same seed, so
 * both see the same orders. Stateless and thread-safe.
 */
public final class DistributedMonolith implements Scenario {

  /** The command-line name. */
  public static final String NAME = "distributed-monolith";

  static final String CUSTOMERS = "customers";
  static final String CHECKOUT = "checkout";
  static final String PAYMENT = "payment";
  static final String INVENTORY = "inventory";
  static final String SHIPPING = "shipping";
  static final String EMAIL = "email";
  static final String QUEUE = "queue";
  static final String WORKER = "worker";
  /** The downstream services, in the order the checkout calls them. */
  static final List<String> SERVICES = List.of(PAYMENT, INVENTORY, SHIPPING, EMAIL);
  /** What a failed order can name as its cause, in the order the report lists them. */
  static final List<String> FAILURE_CAUSES = List.of(PAYMENT, INVENTORY, SHIPPING, EMAIL, QUEUE, Customers.TIMEOUT);

  static final double SERVICE_AVAILABILITY = 0.99;
  /** The queue is a replicated log: far more available than any one service. */
  static final double QUEUE_AVAILABILITY = 0.9999;
  static final double ORDERS_PER_SECOND = 200;
  static final Duration LOAD_FOR = Duration.ofSeconds(20);
  static final Duration LINK_MEDIAN = Duration.ofMillis(1);
  static final double LINK_SIGMA = 0.3;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  static final Duration CUSTOMER_TIMEOUT = Duration.ofSeconds(10);
  static final int WORKER_MAX_ATTEMPTS = 4;
  static final Duration WORKER_BASE = Duration.ofMillis(50);
  static final Duration WORKER_CAP = Duration.ofSeconds(1);
  static final int QUEUE_MAX_IN_FLIGHT = 64;
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REDELIVERY_DELAY = Duration.ofSeconds(1);
  /** "Within sampling error": at most this many binomial standard deviations from the product. */
  static final double SIGMAS = 3.0;

  /** The diagram: the event-driven checkout's first orders, calls and events alike. */
  static final DiagramWindow DIAGRAM = DiagramWindow.of(Design.SYNC2ASYNC2.key(), Duration.ZERO,
      Duration.ofMillis(300));

  /** Median and spread (log-normal sigma) of each service's time per request. */
  private static final Map<String, Duration> MEDIAN = Map.of(
      PAYMENT, Duration.ofMillis(30), INVENTORY, Duration.ofMillis(15),
      SHIPPING, Duration.ofMillis(40), EMAIL, Duration.ofMillis(60), QUEUE, Duration.ofMillis(2));
  private static final Map<String, Double> SIGMA = Map.of(
      PAYMENT, 0.5, INVENTORY, 0.5, SHIPPING, 0.6, EMAIL, 0.8, QUEUE, 0.3);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a checkout calling 4 services that are each up 99%: all synchronously, or 2 plus events?";
  }

  @Override
  public String question() {
    return "A checkout depends on four services, each up 99% of the time. Called one after the other while the"
        + " customer waits, is the checkout only as available as the product of the four, and how much does it gain"
        + " by calling two and leaving the other two to events on a queue?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Design.values());
  }

  @Override
  public DiagramWindow diagram() {
    return DIAGRAM;
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Design, Run> runs = run.eachVariant(Design.class, (sim, d) -> run(sim, d));
    new Outcome(runs).report(run);
  }

  /** One design's ledger and cluster, and what the product law predicts for it. */
  record Run(Design design, ShopLedger ledger, double expectedAvailability, Cluster cluster) {

    double availability() {
      return (double) ledger.placed() / ledger.orders();
    }

    /** The binomial standard deviation of the measured availability around the expected one. */
    double sigma() {
      return Math.sqrt(expectedAvailability * (1 - expectedAvailability) / ledger.orders());
    }
  }

  /** The product of the availabilities of everything an order waits for in {@code design}. */
  static double expectedAvailability(Design design) {
    double p = StrictMath.pow(SERVICE_AVAILABILITY, design.synchronous().size());
    return design.deferred().isEmpty() ? p : p * QUEUE_AVAILABILITY;
  }

  private static Run run(Simulation sim, Design design) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    ShopLedger ledger = new ShopLedger();
    long[] arrivals = Arrivals.poisson(sim.random("workload"), ORDERS_PER_SECOND, 1).until(LOAD_FOR.toNanos());
    cluster.add(CUSTOMERS, () -> new Customers(arrivals, CUSTOMER_TIMEOUT, ledger));
    cluster.add(CHECKOUT, () -> new Checkout(design, CALL_TIMEOUT));
    for (String s : SERVICES) {
      cluster.add(s, timed(s), () -> new ServiceNode(SERVICE_AVAILABILITY));
    }
    EventQueue.Plan queuePlan =
        new EventQueue.Plan(QUEUE_AVAILABILITY, QUEUE_MAX_IN_FLIGHT, DELIVERY_TIMEOUT, REDELIVERY_DELAY);
    cluster.add(QUEUE, timed(QUEUE), () -> new EventQueue(queuePlan, ledger));
    RetryConfig retry = RetryConfig.custom().maxAttempts(WORKER_MAX_ATTEMPTS)
        .backoff(Backoff.fullJitter(WORKER_BASE, WORKER_CAP)).build();
    cluster.add(WORKER, () -> new Worker(retry, CALL_TIMEOUT, ledger));
    sim.runUntilQuiescent();
    return new Run(design, ledger, expectedAvailability(design), cluster);
  }

  private static NodeOptions timed(String node) {
    return NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.logNormal(MEDIAN.get(node), SIGMA.get(node))).build()).build();
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, metrics and checks. */
  record Outcome(Map<Design, Run> runs) {

    boolean asyncMoreAvailable() {
      return runs.get(Design.SYNC2ASYNC2).availability() > runs.get(Design.SYNC4).availability();
    }

    /** Whether sync4's measured availability is within {@link #SIGMAS} standard deviations of the product. */
    boolean sync4MatchesProduct() {
      Run r = runs.get(Design.SYNC4);
      return Math.abs(r.availability() - r.expectedAvailability()) <= SIGMAS * r.sigma();
    }

    boolean everyEventProcessed() {
      ShopLedger l = runs.get(Design.SYNC2ASYNC2).ledger();
      return l.eventsProcessed() == l.eventsPublished();
    }

    void report(ScenarioRun run) {
      run.paragraph(String.format(Locale.ROOT, "Customers place about %.0f orders/s for %s. The checkout depends on"
          + " four services (%s), each of which fails a request (a 503) %.0f%% of the time, independently, and takes"
          + " %s to %s (median) with a long tail. The checkout does not retry.", ORDERS_PER_SECOND, human(LOAD_FOR),
          String.join(", ", SERVICES), (1 - SERVICE_AVAILABILITY) * 100, human(MEDIAN.get(INVENTORY)),
          human(MEDIAN.get(EMAIL))));
      run.bullets(List.of(
          "sync4: the checkout calls all four in turn; an order needs all four.",
          String.format(Locale.ROOT, "sync2async2: it calls %s and %s, then publishes events for %s and %s to a"
              + " queue (up %.2f%%); a worker does them later, retrying until done.", PAYMENT, INVENTORY, SHIPPING,
              EMAIL, QUEUE_AVAILABILITY * 100)));
      run.heading("What happened");
      run.bullets(findings());
      Block.Table.Builder designs = Block.Table.builder("designs", "Orders, by design",
          new Block.Column("design", Unit.TEXT), new Block.Column("orders", Unit.COUNT),
          new Block.Column("placed", Unit.COUNT), new Block.Column("availability", Unit.RATIO),
          new Block.Column("predicted", Unit.RATIO), new Block.Column("p50", Unit.NANOSECONDS),
          new Block.Column("p99", Unit.NANOSECONDS));
      for (Design d : Design.values()) {
        Run r = runs.get(d);
        LatencyRecorder lat = r.ledger().latency();
        designs.row(d.key(), r.ledger().orders(), r.ledger().placed(), r.availability(), r.expectedAvailability(),
            lat.p50(), lat.p99());
      }
      run.add(designs.build());
      List<Block.Column> columns = new ArrayList<>(List.of(new Block.Column("design", Unit.TEXT)));
      for (String cause : FAILURE_CAUSES) {
        columns.add(new Block.Column(cause, Unit.COUNT));
      }
      Block.Table.Builder failures = Block.Table.builder("failures",
          "Failed orders by the dependency that failed them", columns.toArray(new Block.Column[0]));
      for (Design d : Design.values()) {
        List<Object> row = new ArrayList<>(List.of(d.key()));
        for (String cause : FAILURE_CAUSES) {
          row.add(failedAt(d, cause));
        }
        failures.row(row.toArray());
      }
      run.add(failures.build());
      List<Block.Curve> latency = new ArrayList<>();
      for (Design d : Design.values()) {
        latency.add(Block.Curve.of(d.key(), runs.get(d).ledger().latency()));
      }
      run.add(new Block.Distribution("latency", "Order latency as the customer saw it, placed or failed", latency));
      run.add(new Block.Distribution("eventLag", "Event lag in sync2async2: from publication to the end of its"
          + " processing", List.of(Block.Curve.of("sync2async2", runs.get(Design.SYNC2ASYNC2).ledger().eventLag()))));
      run.add(diagram(run));
      metrics(run);
      checks(run);
    }

    private List<String> findings() {
      Run sync = runs.get(Design.SYNC4);
      Run async = runs.get(Design.SYNC2ASYNC2);
      ShopLedger al = async.ledger();
      String deviation = percent(SIGMAS * sync.sigma());
      return List.of(
          String.format(Locale.ROOT, "sync4 placed %s of the orders. The product of its four availabilities predicts"
              + " %s (0.99^4): %s. Every service you call synchronously multiplies in its own downtime.",
              percent(sync.availability()), percent(sync.expectedAvailability()), sync4MatchesProduct()
                  ? "the measurement agrees within sampling error (+-" + deviation + ")"
                  : "OFF by more than the sampling error (+-" + deviation + ")"),
          String.format(Locale.ROOT, "sync2async2 placed %s (predicted %s): the shipping and e-mail failures no longer"
              + " reach the customer; the worker retried them (%d calls for %d events, %d redeliveries) and %s of the"
              + " events were done, p99 %s after the order.", percent(async.availability()),
              percent(async.expectedAvailability()), al.workerCalls(), al.eventsPublished(), al.redeliveries(),
              everyEventProcessed() ? "all" : "NOT all", Durations.human(al.eventLag().p99())),
          String.format(Locale.ROOT, "Latency follows the same rule: sync4 waits for the sum of four services (p99 %s),"
              + " sync2async2 for two and the queue (p99 %s).", Durations.human(sync.ledger().latency().p99()),
              Durations.human(al.latency().p99())));
    }

    /** The diagram's window of the event-driven design, with the customers' orders as bars. */
    private SpaceTime diagram(ScenarioRun run) {
      Run r = runs.get(Design.SYNC2ASYNC2);
      SpaceTime.Builder d = run.diagram("sync2async2's first " + human(DIAGRAM.to()) + ": payment and inventory"
          + " while the customer waits, shipping and e-mail later through the queue", r.cluster(),
          FaultLog.of(r.cluster()));
      int customers = r.cluster().ids().stream().map(NodeId::name).toList().indexOf(CUSTOMERS);
      r.ledger().answered().stream()
          .filter(o -> o.sentAt() < DIAGRAM.to().toNanos())
          .sorted(Comparator.comparingLong(ShopLedger.Order::sentAt))
          .forEach(o -> d.operation(customers, o.sentAt(), o.answeredAt(),
              o.failedAt() == null ? "order placed" : "order failed at " + o.failedAt(),
              o.failedAt() == null ? SpaceTime.Outcome.OK : SpaceTime.Outcome.FAILED));
      return d.build();
    }

    private long failedAt(Design d, String cause) {
      return runs.get(d).ledger().failedAt().getOrDefault(cause, 0L);
    }

    private void metrics(ScenarioRun run) {
      run.metric("serviceAvailability", Unit.RATIO, SERVICE_AVAILABILITY);
      run.metric("queueAvailability", Unit.RATIO, QUEUE_AVAILABILITY);
      for (Design design : Design.values()) {
        Run r = runs.get(design);
        ShopLedger l = r.ledger();
        String k = design.key() + ".";
        run.metric(k + "availability", Unit.RATIO, r.availability());
        run.metric(k + "expectedAvailability", Unit.RATIO, r.expectedAvailability());
        run.latency(k + "latency", l.latency());
        run.metric(k + "orders", Unit.COUNT, l.orders());
        run.metric(k + "placed", Unit.COUNT, l.placed());
        for (String cause : FAILURE_CAUSES) {
          run.metric(k + "failedAt." + cause, Unit.COUNT, failedAt(design, cause));
        }
        if (!design.deferred().isEmpty()) {
          run.metric(k + "eventsPublished", Unit.COUNT, l.eventsPublished());
          run.metric(k + "eventsProcessed", Unit.COUNT, l.eventsProcessed());
          run.latency(k + "eventLag", l.eventLag());
          run.metric(k + "workerCalls", Unit.COUNT, l.workerCalls());
          run.metric(k + "redeliveries", Unit.COUNT, l.redeliveries());
        }
      }
    }

    private void checks(ScenarioRun run) {
      List<Metric> availability = new ArrayList<>();
      for (Design design : Design.values()) {
        availability.add(Metric.ratio(design.key() + "Availability", runs.get(design).availability()));
      }
      run.check(new Check("asyncMoreAvailable", asyncMoreAvailable(),
          "the checkout that leaves two services to events places more orders than the one that calls all four",
          availability));
      Run r = runs.get(Design.SYNC4);
      run.check(Check.of("sync4MatchesProduct", sync4MatchesProduct(), String.format(Locale.ROOT, "sync4's measured"
          + " availability is within %.0f binomial standard deviations of the product of its four services'"
          + " availabilities", SIGMAS),
          Metric.ratio("availability", r.availability()),
          Metric.ratio("expectedAvailability", r.expectedAvailability()),
          Metric.ratio("allowedDeviation", SIGMAS * r.sigma())));
      ShopLedger l = runs.get(Design.SYNC2ASYNC2).ledger();
      run.check(Check.of("everyEventProcessed", everyEventProcessed(),
          "the worker finished every event the event-driven checkout published",
          Metric.count("published", l.eventsPublished()), Metric.count("processed", l.eventsProcessed())));
    }
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.2f%%", p * 100);
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
