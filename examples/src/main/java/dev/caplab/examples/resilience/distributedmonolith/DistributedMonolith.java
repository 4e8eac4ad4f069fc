package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.CombinedTrace;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.metrics.Durations;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

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
 * <p>Each design runs in its own simulation from the same seed, so both see the same orders.
 * Stateless and thread-safe.
 */
public final class DistributedMonolith implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "distributed-monolith";

  static final String CHECKOUT = "checkout";
  static final String PAYMENT = "payment";
  static final String INVENTORY = "inventory";
  static final String SHIPPING = "shipping";
  static final String EMAIL = "email";
  static final String QUEUE = "queue";
  static final String WORKER = "worker";
  /** The downstream services, in the order the checkout calls them. */
  static final List<String> SERVICES = List.of(PAYMENT, INVENTORY, SHIPPING, EMAIL);

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
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs both designs and keeps the figures tests look at. */
  Outcome execute(long seed) {
    CombinedTrace trace = new CombinedTrace();
    Map<Design, Run> runs = new EnumMap<>(Design.class);
    for (Design d : Design.values()) {
      runs.put(d, run(seed, d, trace));
    }
    return new Outcome(seed, trace.hashHex(), trace.simulatedNanos(), runs);
  }

  /** One design's ledger and what the product law predicts for it. */
  record Run(Design design, ShopLedger ledger, double expectedAvailability) {

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

  private static Run run(long seed, Design design, CombinedTrace trace) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    ShopLedger ledger = new ShopLedger();
    long[] arrivals = Arrivals.poisson(sim.random("workload"), ORDERS_PER_SECOND, 1).until(LOAD_FOR.toNanos());
    cluster.add("customers", () -> new Customers(arrivals, CUSTOMER_TIMEOUT, ledger));
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
    trace.add(sim);
    return new Run(design, ledger, expectedAvailability(design));
  }

  private static NodeOptions timed(String node) {
    return NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.logNormal(MEDIAN.get(node), SIGMA.get(node))).build()).build();
  }


  /** Everything one run measured; {@link #result()} turns it into metrics, checks and text. */
  record Outcome(long seed, String traceHash, long simulatedNanos, Map<Design, Run> runs) {

    ScenarioResult result() {
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      checks.put("asyncMoreAvailable", asyncCheck());
      checks.put("sync4MatchesProduct", productCheck());
      checks.put("everyEventProcessed", eventsCheck());
      return new ScenarioResult(NAME, seed, traceHash, simulatedNanos, metrics(), checks, summary());
    }

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

    private ScenarioResult.Check asyncCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      for (Design design : Design.values()) {
        d.put(design.key() + "Availability", round(runs.get(design).availability()));
      }
      return new ScenarioResult.Check(asyncMoreAvailable(), d);
    }

    private ScenarioResult.Check productCheck() {
      Run r = runs.get(Design.SYNC4);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("availability", round(r.availability()));
      d.put("expectedAvailability", round(r.expectedAvailability()));
      d.put("allowedDeviation", round(SIGMAS * r.sigma()));
      return new ScenarioResult.Check(sync4MatchesProduct(), d);
    }

    private ScenarioResult.Check eventsCheck() {
      ShopLedger l = runs.get(Design.SYNC2ASYNC2).ledger();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("published", l.eventsPublished());
      d.put("processed", l.eventsProcessed());
      return new ScenarioResult.Check(everyEventProcessed(), d);
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("serviceAvailability", SERVICE_AVAILABILITY);
      m.put("queueAvailability", QUEUE_AVAILABILITY);
      for (Design design : Design.values()) {
        Run r = runs.get(design);
        ShopLedger l = r.ledger();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("availability", round(r.availability()));
        o.put("expectedAvailability", round(r.expectedAvailability()));
        o.put("p50Millis", millis(l.latency().p50()));
        o.put("p99Millis", millis(l.latency().p99()));
        o.put("orders", l.orders());
        o.put("placed", l.placed());
        o.put("failedAt", new LinkedHashMap<>(l.failedAt()));
        if (!design.deferred().isEmpty()) {
          o.put("eventsPublished", l.eventsPublished());
          o.put("eventsProcessed", l.eventsProcessed());
          o.put("eventLagP50Millis", millis(l.eventLag().p50()));
          o.put("eventLagP99Millis", millis(l.eventLag().p99()));
          o.put("eventLagMaxMillis", millis(l.eventLag().max()));
          o.put("workerCalls", l.workerCalls());
          o.put("redeliveries", l.redeliveries());
        }
        m.put(design.key(), o);
      }
      return m;
    }

    private String summary() {
      Run sync = runs.get(Design.SYNC4);
      Run async = runs.get(Design.SYNC2ASYNC2);
      ShopLedger al = async.ledger();
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT, "Customers place about %.0f orders/s for %s. The checkout depends on four%n",
          ORDERS_PER_SECOND, human(LOAD_FOR)));
      s.append(String.format(Locale.ROOT,
          "services (%s), each of which fails a request (a 503)%n", String.join(", ", SERVICES)));
      s.append(String.format(Locale.ROOT,
          "%.0f%% of the time, independently, and takes ", (1 - SERVICE_AVAILABILITY) * 100));
      s.append(String.format(Locale.ROOT, "%s to %s (median) with a long tail. The checkout does not retry.%n",
          Durations.human(MEDIAN.get(INVENTORY).toNanos()), Durations.human(MEDIAN.get(EMAIL).toNanos())));
      s.append(String.format(Locale.ROOT, "- sync4: the checkout calls all four in turn; an order needs all four.%n"));
      s.append(String.format(Locale.ROOT, "- sync2async2: it calls %s and %s, then publishes events for %s and %s%n",
          PAYMENT, INVENTORY, SHIPPING, EMAIL));
      s.append(String.format(Locale.ROOT,
          "  to a queue (up %.2f%%); a worker does them later, retrying until done.%n%n",
          QUEUE_AVAILABILITY * 100));
      s.append("What happened\n");
      s.append(String.format(Locale.ROOT, "- sync4 placed %s of the orders. The product of its four availabilities%n",
          percent(sync.availability())));
      s.append(String.format(Locale.ROOT, "  predicts %s (0.99^4): %s.%n", percent(sync.expectedAvailability()),
          sync4MatchesProduct()
              ? String.format(Locale.ROOT,
                  "the measurement agrees within sampling error (+-%s)", percent(SIGMAS * sync.sigma()))
              : String.format(Locale.ROOT,
                  "OFF by more than the sampling error (+-%s)", percent(SIGMAS * sync.sigma()))));
      s.append(String.format(Locale.ROOT, "  Every service you call synchronously multiplies in its own downtime.%n"));
      s.append(String.format(Locale.ROOT, "- sync2async2 placed %s (predicted %s): the shipping and e-mail failures%n",
          percent(async.availability()), percent(async.expectedAvailability())));
      s.append(String.format(Locale.ROOT,
          "  no longer reach the customer; the worker retried them (%d calls for %d events,%n",
          al.workerCalls(), al.eventsPublished()));
      s.append(String.format(Locale.ROOT,
          "  %d redeliveries) and %s of the events were done, p99 %s after the order.%n",
          al.redeliveries(), al.eventsProcessed() == al.eventsPublished() ? "all" : "NOT all",
          Durations.human(al.eventLag().p99())));
      s.append(String.format(Locale.ROOT,
          "- Latency follows the same rule: sync4 waits for the sum of four services%n"));
      s.append(String.format(Locale.ROOT, "  (p99 %s), sync2async2 for two and the queue (p99 %s).%n%n",
          Durations.human(sync.ledger().latency().p99()), Durations.human(al.latency().p99())));
      TextTable t = new TextTable("design", "orders", "placed", "availability", "predicted", "p50", "p99");
      for (Design d : Design.values()) {
        Run r = runs.get(d);
        LatencyRecorder lat = r.ledger().latency();
        t.row(d.key(), r.ledger().orders(), r.ledger().placed(), percent(r.availability()),
            percent(r.expectedAvailability()), Durations.human(lat.p50()), Durations.human(lat.p99()));
      }
      s.append(t.render()).append('\n');
      s.append("Failed orders by the dependency that failed them\n");
      TextTable f = new TextTable("design", PAYMENT, INVENTORY, SHIPPING, EMAIL, QUEUE, "timeout");
      for (Design d : Design.values()) {
        Map<String, Long> at = runs.get(d).ledger().failedAt();
        f.row(d.key(), at.getOrDefault(PAYMENT, 0L), at.getOrDefault(INVENTORY, 0L), at.getOrDefault(SHIPPING, 0L),
            at.getOrDefault(EMAIL, 0L), at.getOrDefault(QUEUE, 0L), at.getOrDefault("timeout", 0L));
      }
      s.append(f.render()).append('\n');
      s.append("trace hash ").append(traceHash).append(" (both designs combined)\n");
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }
  }

  static double round(double v) {
    return Math.round(v * 1_000_000.0) / 1_000_000.0;
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  static String percent(double p) {
    return String.format(Locale.ROOT, "%.2f%%", p * 100);
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
