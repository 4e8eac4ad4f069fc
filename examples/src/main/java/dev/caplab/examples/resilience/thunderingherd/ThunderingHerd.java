package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.CombinedTrace;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.metrics.Durations;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Retries in a crowd, in two parts.
 *
 * <p><b>Contention</b> (Marc Brooker's experiment in "Exponential Backoff and Jitter"): {@link
 * #CALLERS} callers start within {@link #START_SPREAD} of each other and each wants to update the
 * same row once by optimistic concurrency (read the version, write if unchanged). Every conflict
 * is a retry after a backoff. Each {@link Strategy} runs in its own simulation from the same seed,
 * so all meet the same start times. Without jitter the losers of a round retry together and
 * collide again; with jitter they spread out and most writes find the row free.
 *
 * <p><b>Recovery</b>: a service that can do about {@link #API_CONCURRENCY} / {@link
 * #API_SERVICE_TIME} requests per second serves half that load, crashes at {@link #CRASH_AT} and
 * comes back at {@link #RESTART_AT} with the same limited capacity and a bounded inbox. The calls
 * failed during the outage are retried on top of the new load; a request that waits in the inbox
 * longer than the caller's timeout is work done for nobody. Each {@link RecoveryPolicy} runs in its
 * own simulation from the same seed.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class ThunderingHerd implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "thundering-herd";

  static final String DB = "db";
  static final String API = "api";

  // Contention on one row.
  static final int CALLERS = 100;
  static final Duration START_SPREAD = Duration.ofMillis(1);
  static final Duration LINK_MEDIAN = Duration.ofMillis(1);
  static final double LINK_SIGMA = 0.3;
  static final Duration DB_SERVICE_TIME = Duration.ofNanos(100_000);
  static final Duration BASE = Duration.ofMillis(10);
  static final Duration CAP = Duration.ofSeconds(2);
  static final int MAX_ATTEMPTS = 15;
  static final Duration DB_CALL_TIMEOUT = Duration.ofSeconds(1);

  // A recovering service.
  static final int API_CLIENTS = 4;
  static final double RATE_PER_CLIENT = 100;
  static final int API_CONCURRENCY = 8;
  static final Duration API_SERVICE_TIME = Duration.ofMillis(10);
  static final int API_INBOX = 200;
  static final Duration CRASH_AT = Duration.ofSeconds(1);
  static final Duration RESTART_AT = Duration.ofSeconds(3);
  static final Duration LOAD_UNTIL = Duration.ofSeconds(10);
  static final Duration API_CALL_TIMEOUT = Duration.ofMillis(200);
  static final int API_MAX_ATTEMPTS = 5;
  static final Duration API_BASE = Duration.ofMillis(50);
  static final Duration API_CAP = Duration.ofSeconds(2);
  static final Duration WINDOW = Duration.ofMillis(100);
  /** "Recovered": from then on, at least this share of the calls sent in every window succeed. */
  static final double RECOVERED_RATIO = 0.9;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "100 callers race to update one row, and a crashed service comes back: "
        + "which retry strategies make it worse?";
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs every strategy and policy and keeps the figures tests look at. */
  Outcome execute(long seed) {
    CombinedTrace trace = new CombinedTrace();
    Map<Strategy, Contention> contention = new EnumMap<>(Strategy.class);
    for (Strategy s : Strategy.values()) {
      contention.put(s, contend(seed, s, trace));
    }
    Map<RecoveryPolicy, Recovery> recovery = new EnumMap<>(RecoveryPolicy.class);
    for (RecoveryPolicy p : RecoveryPolicy.values()) {
      recovery.put(p, recover(seed, p, trace));
    }
    return new Outcome(seed, trace.hashHex(), trace.simulatedNanos(), contention, recovery);
  }

  /** What one strategy did on the contended row. */
  record Contention(long totalCalls, long attempts, int succeeded, int gaveUp, long completionNanos,
      long commits, long conflicts, long budgetDenied) {}

  /** What one retry policy did to the recovering service. */
  record Recovery(long requests, long succeeded, long failed, long attempts, long rejected, long timedOut,
      long lateReplies, long recoveredAtNanos, long budgetDenied) {

    boolean recovered() {
      return recoveredAtNanos >= 0;
    }

    /** Time from the restart to recovery; -1 if the service did not recover while the load lasted. */
    long recoveryNanos() {
      return recovered() ? Math.max(0, recoveredAtNanos - RESTART_AT.toNanos()) : -1;
    }
  }

  /** Runs only the contention part for one strategy (what the many-seed test needs). */
  static Contention contend(long seed, Strategy strategy) {
    return contend(seed, strategy, new CombinedTrace());
  }

  private static Contention contend(long seed, Strategy strategy, CombinedTrace trace) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    NodeId db = cluster.add(DB, NodeOptions.custom()
        .capacity(Capacity.custom().serviceTime(LatencyModel.constant(DB_SERVICE_TIME)).concurrency(1).build())
        .build(), RowDb::new);
    // The workload comes from its own stream, so every strategy sees the same start times.
    RandomGenerator workload = sim.random("workload");
    long[] starts = new long[CALLERS];
    for (int i = 0; i < CALLERS; i++) {
      starts[i] = workload.nextLong(START_SPREAD.toNanos());
    }
    RetryConfig config = RetryConfig.custom().maxAttempts(MAX_ATTEMPTS)
        .backoff(strategy.backoff(BASE, CAP)).build();
    Contenders.Plan plan = new Contenders.Plan(starts, config, strategy.budgeted(), DB_CALL_TIMEOUT);
    NodeId app = cluster.add("app", () -> new Contenders(plan));
    sim.runUntilQuiescent();
    Contenders c = cluster.node(app, Contenders.class);
    RowDb row = cluster.node(db, RowDb.class);
    if (!c.allFinished()) {
      throw new IllegalStateException(strategy.key() + ": the simulation went quiet with callers unfinished");
    }
    trace.add(sim);
    return new Contention(c.calls(), c.attempts(), c.succeeded(), c.gaveUp(), c.lastOutcomeNanos(),
        row.commits(), row.conflicts(), c.budgetDenied());
  }

  private static Recovery recover(long seed, RecoveryPolicy policy, CombinedTrace trace) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(LINK_MEDIAN, LINK_SIGMA)).build());
    cluster.add(API, NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.constant(API_SERVICE_TIME))
        .concurrency(API_CONCURRENCY)
        .inboxCapacity(API_INBOX)
        .overflow(OverflowPolicy.REJECT)
        .build()).build(), ApiServer::new);
    RecoveryLedger ledger = new RecoveryLedger(WINDOW.toNanos(), LOAD_UNTIL.toNanos());
    RetryConfig config = RetryConfig.custom().maxAttempts(API_MAX_ATTEMPTS)
        .backoff(policy.backoff(API_BASE, API_CAP)).build();
    List<NodeId> clients = new ArrayList<>();
    for (int i = 1; i <= API_CLIENTS; i++) {
      String name = "client" + i;
      long[] arrivals = Arrivals.poisson(sim.random("workload/" + name), RATE_PER_CLIENT, 1).until(LOAD_UNTIL.toNanos());
      ApiClient.Plan plan = new ApiClient.Plan(arrivals, API_CALL_TIMEOUT, config, policy.budgeted());
      clients.add(cluster.add(name, () -> new ApiClient(plan, ledger)));
    }
    FaultPlan.builder().crash(CRASH_AT, API).restart(RESTART_AT, API).build().schedule(FaultLog.of(cluster));
    sim.runUntilQuiescent();
    long denied = 0;
    for (NodeId c : clients) {
      denied += cluster.node(c, ApiClient.class).budgetDenied();
    }
    trace.add(sim);
    return new Recovery(ledger.requests(), ledger.requestsSucceeded(), ledger.requestsFailed(), ledger.attempts(),
        ledger.rejected(), ledger.timedOut(), ledger.lateReplies(),
        ledger.recoveredAt(RESTART_AT.toNanos(), LOAD_UNTIL.toNanos(), RECOVERED_RATIO), denied);
  }


  /** Everything one run measured; {@link #result()} turns it into metrics, checks and text. */
  record Outcome(long seed, String traceHash, long simulatedNanos, Map<Strategy, Contention> contention,
      Map<RecoveryPolicy, Recovery> recovery) {

    ScenarioResult result() {
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      checks.put("jitterBeatsNoJitter", jitterCheck());
      checks.put("budgetRecovers", budgetCheck());
      return new ScenarioResult(NAME, seed, traceHash, simulatedNanos, metrics(), checks, Summary.of(this));
    }

    /** Whether every jittered strategy needed fewer calls than no jitter. */
    boolean jitterBeatsNoJitter() {
      long none = contention.get(Strategy.NONE).totalCalls();
      for (Strategy s : Strategy.values()) {
        if (s != Strategy.NONE && contention.get(s).totalCalls() >= none) {
          return false;
        }
      }
      return true;
    }

    private ScenarioResult.Check jitterCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      for (Strategy s : Strategy.values()) {
        d.put(s.key() + "Calls", contention.get(s).totalCalls());
      }
      return new ScenarioResult.Check(jitterBeatsNoJitter(), d);
    }

    private ScenarioResult.Check budgetCheck() {
      Recovery b = recovery.get(RecoveryPolicy.BUDGET);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("recoveryMillis", b.recovered() ? millis(b.recoveryNanos()) : null);
      d.put("loadEndsAfterRestartMillis", millis(LOAD_UNTIL.toNanos() - RESTART_AT.toNanos()));
      return new ScenarioResult.Check(b.recovered(), d);
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("callers", CALLERS);
      for (Strategy s : Strategy.values()) {
        Contention c = contention.get(s);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("totalCalls", c.totalCalls());
        o.put("completionMillis", millis(c.completionNanos()));
        o.put("gaveUp", c.gaveUp());
        o.put("succeeded", c.succeeded());
        o.put("attempts", c.attempts());
        o.put("conflicts", c.conflicts());
        o.put("budgetDenied", c.budgetDenied());
        m.put(s.key(), o);
      }
      Map<String, Object> rec = new LinkedHashMap<>();
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery r = recovery.get(p);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("recovered", r.recovered());
        o.put("recoveryMillis", r.recovered() ? millis(r.recoveryNanos()) : null);
        o.put("requests", r.requests());
        o.put("succeeded", r.succeeded());
        o.put("failed", r.failed());
        o.put("attempts", r.attempts());
        o.put("rejected", r.rejected());
        o.put("timedOut", r.timedOut());
        o.put("wastedReplies", r.lateReplies());
        o.put("budgetDenied", r.budgetDenied());
        rec.put(p.key(), o);
      }
      m.put("recovery", rec);
      return m;
    }
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }

  private static String recoveredText(Recovery r) {
    if (!r.recovered()) {
      return "did NOT recover while the load lasted";
    }
    if (r.recoveryNanos() == 0) {
      return "recovered at once (from the first " + human(WINDOW) + " window after the restart)";
    }
    return "recovered " + Durations.human(r.recoveryNanos()) + " after the restart";
  }

  /** The learner's text. */
  private static final class Summary {
    private Summary() {}

    static String of(Outcome o) {
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(o.seed()).append(")\n\n");
      s.append("Part 1: contention on one row\n");
      s.append(String.format(Locale.ROOT,
          "%d callers start within %s of each other. Each reads a row's version from the%n",
          CALLERS, human(START_SPREAD)));
      s.append(String.format(Locale.ROOT,
          "database and writes it back on condition that the version has not changed%n"));
      s.append(String.format(Locale.ROOT,
          "(optimistic concurrency). A conflict means: back off, then read and try again,%n"));
      s.append(String.format(Locale.ROOT, "at most %d attempts. Backoff base %s, cap %s; links about %s each way.%n%n",
          MAX_ATTEMPTS, human(BASE), human(CAP), human(LINK_MEDIAN)));
      Contention none = o.contention().get(Strategy.NONE);
      Contention full = o.contention().get(Strategy.FULL);
      Contention budget = o.contention().get(Strategy.FULL_BUDGET);
      s.append("What happened\n");
      s.append(String.format(Locale.ROOT,
          "- Without jitter the callers that lose a round all wait the same time and%n"));
      s.append(String.format(Locale.ROOT, "  collide again: %d calls to the database for %d updates, %d gave up.%n",
          none.totalCalls(), none.succeeded(), none.gaveUp()));
      s.append(String.format(Locale.ROOT,
          "- Full jitter spreads the retries over the whole backoff window, so later rounds%n"));
      s.append(String.format(Locale.ROOT, "  rarely collide: %d calls (%.1fx fewer), all done after %s.%n",
          full.totalCalls(), (double) none.totalCalls() / full.totalCalls(),
          Durations.human(full.completionNanos())));
      s.append(String.format(Locale.ROOT,
          "- A retry budget caps the storm itself: %d calls, but %d callers gave up when%n",
          budget.totalCalls(), budget.gaveUp()));
      s.append(String.format(Locale.ROOT,
          "  the shared bucket ran dry (%d retries refused).%n", budget.budgetDenied()));
      s.append(String.format(Locale.ROOT,
          "  A budget is made for a failing dependency (part 2), where giving up early is%n"));
      s.append(String.format(Locale.ROOT,
          "  what saves it; here the database is healthy and the budget turns contention%n"));
      s.append(String.format(Locale.ROOT, "  into errors.%n"));
      s.append(String.format(Locale.ROOT, "- Every jittered strategy needed fewer calls than no jitter: %s.%n%n",
          o.jitterBeatsNoJitter() ? "yes" : "NO"));
      TextTable t = new TextTable("strategy", "calls", "attempts", "conflicts", "succeeded", "gave up", "done after");
      for (Strategy st : Strategy.values()) {
        Contention c = o.contention().get(st);
        t.row(st.key(), c.totalCalls(), c.attempts(), c.conflicts(), c.succeeded(), c.gaveUp(),
            Durations.human(c.completionNanos()));
      }
      s.append(t.render()).append('\n');

      s.append("Part 2: a service recovering from a crash\n");
      s.append(String.format(Locale.ROOT,
          "%d clients send about %.0f requests/s in total to a service that can do about%n",
          API_CLIENTS, API_CLIENTS * RATE_PER_CLIENT));
      s.append(String.format(Locale.ROOT, "%.0f/s (%d at a time, %s each, %d more may wait; beyond that it refuses).%n",
          API_CONCURRENCY * 1e9 / API_SERVICE_TIME.toNanos(), API_CONCURRENCY, human(API_SERVICE_TIME), API_INBOX));
      s.append(String.format(Locale.ROOT,
          "It crashes at %s and is back at %s. Calls time out after %s and are retried%n",
          human(CRASH_AT), human(RESTART_AT), human(API_CALL_TIMEOUT)));
      s.append(String.format(Locale.ROOT,
          "up to %d attempts (backoff base %s). Load stops at %s. \"Recovered\" means: from%n",
          API_MAX_ATTEMPTS, human(API_BASE), human(LOAD_UNTIL)));
      s.append(String.format(Locale.ROOT, "then on, at least %.0f%% of the calls sent in every %s succeed.%n%n",
          RECOVERED_RATIO * 100, human(WINDOW)));
      s.append("What happened\n");
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery r = o.recovery().get(p);
        s.append(String.format(Locale.ROOT, "- %s (%s):%n  %s.%n", p.key(), p.description(), recoveredText(r)));
        s.append(String.format(Locale.ROOT,
            "  %d calls refused at the door, %d replies came after their caller had timed out%n",
            r.rejected(), r.lateReplies()));
        s.append(String.format(Locale.ROOT, "  (work done for nobody), %d of %d requests failed in the end.%n",
            r.failed(), r.requests()));
      }
      s.append(String.format(Locale.ROOT,
          "- Retries multiply the load while the service is short of capacity. Jitter%n"));
      s.append(String.format(Locale.ROOT,
          "  spreads that load over time but does not shrink it; a budget does: once its%n"));
      s.append(String.format(Locale.ROOT,
          "  tokens are spent during the outage, each request makes one attempt, the%n"));
      s.append(String.format(Locale.ROOT, "  service gets its normal load back and its queue stays short.%n%n"));
      TextTable r = new TextTable("retries", "requests", "ok", "failed", "calls", "refused", "timed out",
          "wasted", "recovered after");
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery x = o.recovery().get(p);
        r.row(p.key(), x.requests(), x.succeeded(), x.failed(), x.attempts(), x.rejected(), x.timedOut(),
            x.lateReplies(), !x.recovered() ? "never" : x.recoveryNanos() == 0 ? "at once" : Durations.human(x.recoveryNanos()));
      }
      s.append(r.render()).append('\n');
      s.append("trace hash ").append(o.traceHash()).append(" (all runs combined)\n");
      s.append("re-run with --seed ").append(o.seed()).append(" to reproduce\n");
      return s.toString();
    }
  }
}
