package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.scenario.Arrivals;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.Durations;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
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
 * <p>The variants are the strategies, then the policies, each on a simulation of its own in that
 * order. Stateless and thread-safe.
 */
public final class ThunderingHerd implements Scenario {

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

  /** The diagram: the synchronized clients meeting the service as it comes back. */
  static final DiagramWindow DIAGRAM = DiagramWindow.of(RecoveryPolicy.SYNCHRONIZED.key(),
      RESTART_AT.minusMillis(50), RESTART_AT.plusMillis(250));

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
  public String question() {
    return "When many callers retry at the same moment, which retry strategies make things worse? Does jitter"
        + " keep 100 callers from colliding again and again on one row, and what lets a crashed service of"
        + " limited capacity recover when all its clients retry: jitter, or a retry budget?";
  }

  @Override
  public List<String> variants() {
    return VariantKey.keysOf(Strategy.values(), RecoveryPolicy.values());
  }

  @Override
  public DiagramWindow diagram() {
    return DIAGRAM;
  }

  @Override
  public void run(ScenarioRun run) {
    Map<Strategy, Contention> contention = run.eachVariant(Strategy.class, (sim, s) -> contend(sim, s));
    Map<RecoveryPolicy, Recovery> recovery = run.eachVariant(RecoveryPolicy.class, (sim, p) -> recover(sim, p));
    new Outcome(contention, recovery).report(run);
  }

  /** What one strategy did on the contended row. */
  record Contention(long totalCalls, long attempts, int succeeded, int gaveUp, long completionNanos,
      long commits, long conflicts, long budgetDenied) {}

  /** What one retry policy did to the recovering service, with the run's cluster and faults for the report. */
  record Recovery(RecoveryLedger ledger, long recoveredAtNanos, long budgetDenied, Cluster cluster,
      FaultLog faults) {

    boolean recovered() {
      return recoveredAtNanos >= 0;
    }

    /** Time from the restart to recovery; -1 if the service did not recover while the load lasted. */
    long recoveryNanos() {
      return recovered() ? Math.max(0, recoveredAtNanos - RESTART_AT.toNanos()) : -1;
    }
  }

  private static Contention contend(Simulation sim, Strategy strategy) {
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
    return new Contention(c.calls(), c.attempts(), c.succeeded(), c.gaveUp(), c.lastOutcomeNanos(),
        row.commits(), row.conflicts(), c.budgetDenied());
  }

  private static Recovery recover(Simulation sim, RecoveryPolicy policy) {
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
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder().crash(CRASH_AT, API).restart(RESTART_AT, API).build().schedule(faults);
    sim.runUntilQuiescent();
    long denied = 0;
    for (NodeId c : clients) {
      denied += cluster.node(c, ApiClient.class).budgetDenied();
    }
    return new Recovery(ledger, ledger.recoveredAt(RESTART_AT.toNanos(), LOAD_UNTIL.toNanos(), RECOVERED_RATIO),
        denied, cluster, faults);
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, series, metrics and checks. */
  record Outcome(Map<Strategy, Contention> contention, Map<RecoveryPolicy, Recovery> recovery) {

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

    void report(ScenarioRun run) {
      reportContention(run);
      reportRecovery(run);
      metrics(run);
      checks(run);
    }

    private void reportContention(ScenarioRun run) {
      run.heading("Part 1: contention on one row");
      run.paragraph(String.format(Locale.ROOT, "%d callers start within %s of each other. Each reads a row's version"
          + " from the database and writes it back on condition that the version has not changed (optimistic"
          + " concurrency). A conflict means: back off, then read and try again, at most %d attempts. Backoff base"
          + " %s, cap %s; links about %s each way.", CALLERS, human(START_SPREAD), MAX_ATTEMPTS, human(BASE),
          human(CAP), human(LINK_MEDIAN)));
      Contention none = contention.get(Strategy.NONE);
      Contention full = contention.get(Strategy.FULL);
      Contention budget = contention.get(Strategy.FULL_BUDGET);
      run.heading("What happened");
      run.bullets(List.of(
          String.format(Locale.ROOT, "Without jitter the callers that lose a round all wait the same time and collide"
              + " again: %d calls to the database for %d updates, %d gave up.", none.totalCalls(), none.succeeded(),
              none.gaveUp()),
          String.format(Locale.ROOT, "Full jitter spreads the retries over the whole backoff window, so later rounds"
              + " rarely collide: %d calls (%.1fx fewer), all done after %s.", full.totalCalls(),
              (double) none.totalCalls() / full.totalCalls(), Durations.human(full.completionNanos())),
          String.format(Locale.ROOT, "A retry budget caps the storm itself: %d calls, but %d callers gave up when the"
              + " shared bucket ran dry (%d retries refused). A budget is made for a failing dependency (part 2),"
              + " where giving up early is what saves it; here the database is healthy and the budget turns"
              + " contention into errors.", budget.totalCalls(), budget.gaveUp(), budget.budgetDenied()),
          "Every jittered strategy needed fewer calls than no jitter: " + (jitterBeatsNoJitter() ? "yes." : "NO.")));
      Block.Table.Builder t = Block.Table.builder("contention", "Contention, by backoff strategy",
          new Block.Column("strategy", Unit.TEXT), new Block.Column("calls", Unit.COUNT),
          new Block.Column("attempts", Unit.COUNT), new Block.Column("conflicts", Unit.COUNT),
          new Block.Column("succeeded", Unit.COUNT), new Block.Column("gave up", Unit.COUNT),
          new Block.Column("done after", Unit.NANOSECONDS));
      for (Strategy s : Strategy.values()) {
        Contention c = contention.get(s);
        t.row(s.key(), c.totalCalls(), c.attempts(), c.conflicts(), c.succeeded(), c.gaveUp(), c.completionNanos());
      }
      run.add(t.build());
    }

    private void reportRecovery(ScenarioRun run) {
      run.heading("Part 2: a service recovering from a crash");
      run.paragraph(String.format(Locale.ROOT, "%d clients send about %.0f requests/s in total to a service that can"
          + " do about %.0f/s (%d at a time, %s each, %d more may wait; beyond that it refuses). It crashes at %s and"
          + " is back at %s. Calls time out after %s and are retried up to %d attempts (backoff base %s). Load stops"
          + " at %s. \"Recovered\" means: from then on, at least %.0f%% of the calls sent in every %s succeed.",
          API_CLIENTS, API_CLIENTS * RATE_PER_CLIENT, API_CONCURRENCY * 1e9 / API_SERVICE_TIME.toNanos(),
          API_CONCURRENCY, human(API_SERVICE_TIME), API_INBOX, human(CRASH_AT), human(RESTART_AT),
          human(API_CALL_TIMEOUT), API_MAX_ATTEMPTS, human(API_BASE), human(LOAD_UNTIL), RECOVERED_RATIO * 100,
          human(WINDOW)));
      Recovery synced = recovery.get(RecoveryPolicy.SYNCHRONIZED);
      run.add(run.timeline("part 2: the same plan in every retry policy's run", synced.faults()));
      run.heading("What happened");
      List<String> found = new ArrayList<>();
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery r = recovery.get(p);
        RecoveryLedger l = r.ledger();
        found.add(String.format(Locale.ROOT, "%s (%s): %s. %d calls refused at the door, %d replies came after their"
            + " caller had timed out (work done for nobody), %d of %d requests failed in the end.", p.key(),
            p.description(), recoveredText(r), l.rejected(), l.lateReplies(), l.requestsFailed(), l.requests()));
      }
      RecoveryLedger jittered = recovery.get(RecoveryPolicy.JITTERED).ledger();
      RecoveryLedger budget = recovery.get(RecoveryPolicy.BUDGET).ledger();
      found.add(String.format(Locale.ROOT, "Retries multiply the load while the service is short of capacity: %s,"
          + " %s and %s. Jitter spreads that load over time but does not shrink it; a budget does: once its tokens"
          + " are spent during the outage, each request makes one attempt, the service gets its normal load back"
          + " and its queue stays short.", callsPerRequest(RecoveryPolicy.SYNCHRONIZED, synced.ledger()),
          callsPerRequest(RecoveryPolicy.JITTERED, jittered), callsPerRequest(RecoveryPolicy.BUDGET, budget)));
      run.bullets(found);

      Block.Table.Builder t = Block.Table.builder("recovery", "The recovering service, by retry policy",
          new Block.Column("retries", Unit.TEXT), new Block.Column("requests", Unit.COUNT),
          new Block.Column("ok", Unit.COUNT), new Block.Column("failed", Unit.COUNT),
          new Block.Column("calls", Unit.COUNT), new Block.Column("refused", Unit.COUNT),
          new Block.Column("timed out", Unit.COUNT), new Block.Column("wasted", Unit.COUNT),
          new Block.Column("recovered", Unit.BOOLEAN), new Block.Column("recovered after", Unit.NANOSECONDS));
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery r = recovery.get(p);
        RecoveryLedger l = r.ledger();
        t.row(p.key(), l.requests(), l.requestsSucceeded(), l.requestsFailed(), l.attempts(), l.rejected(),
            l.timedOut(), l.lateReplies(), r.recovered(), r.recovered() ? r.recoveryNanos() : null);
      }
      run.add(t.build());

      List<Block.Line> calls = new ArrayList<>();
      List<Block.Line> success = new ArrayList<>();
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        RecoveryLedger l = recovery.get(p).ledger();
        calls.add(callsPerWindow(p.key(), l));
        success.add(successPerWindow(p.key(), l));
      }
      run.add(new Block.TimeSeries("calls", "Calls sent per " + human(WINDOW) + ", first tries and retries",
          Unit.COUNT, calls));
      run.add(new Block.TimeSeries("success", "Share of each " + human(WINDOW) + "'s calls that succeeded",
          Unit.RATIO, success));

      SpaceTime.Builder diagram = run.diagram(String.format(Locale.ROOT, "the synchronized clients as the service comes"
          + " back at %s", human(RESTART_AT)), synced.cluster(), synced.faults());
      List<String> names = synced.cluster().ids().stream().map(NodeId::name).toList();
      long from = DIAGRAM.from().toNanos();
      long to = DIAGRAM.to().toNanos();
      // The requests that arrived in the window, in arrival order; their retries may run on past it.
      synced.ledger().requestLog().stream()
          .filter(q -> q.startedAt() >= from && q.startedAt() < to)
          .sorted(Comparator.comparingLong(RecoveryLedger.Request::startedAt))
          .forEach(q -> diagram.operation(names.indexOf(q.client()), q.startedAt(), q.endedAt(), "request",
              q.succeeded() ? SpaceTime.Outcome.OK : SpaceTime.Outcome.FAILED));
      run.add(diagram.build());
    }

    private void metrics(ScenarioRun run) {
      run.metric("callers", Unit.COUNT, CALLERS);
      for (Strategy s : Strategy.values()) {
        Contention c = contention.get(s);
        String k = s.key() + ".";
        run.metric(k + "totalCalls", Unit.COUNT, c.totalCalls());
        run.metric(k + "completion", Unit.NANOSECONDS, c.completionNanos());
        run.metric(k + "gaveUp", Unit.COUNT, c.gaveUp());
        run.metric(k + "succeeded", Unit.COUNT, c.succeeded());
        run.metric(k + "attempts", Unit.COUNT, c.attempts());
        run.metric(k + "conflicts", Unit.COUNT, c.conflicts());
        run.metric(k + "commits", Unit.COUNT, c.commits());
        run.metric(k + "budgetDenied", Unit.COUNT, c.budgetDenied());
      }
      for (RecoveryPolicy p : RecoveryPolicy.values()) {
        Recovery r = recovery.get(p);
        RecoveryLedger l = r.ledger();
        String k = "recovery." + p.key() + ".";
        run.metric(k + "recovered", Unit.BOOLEAN, r.recovered());
        run.metric(k + "recoveredAfter", Unit.NANOSECONDS, r.recovered() ? r.recoveryNanos() : null);
        run.metric(k + "requests", Unit.COUNT, l.requests());
        run.metric(k + "succeeded", Unit.COUNT, l.requestsSucceeded());
        run.metric(k + "failed", Unit.COUNT, l.requestsFailed());
        run.metric(k + "attempts", Unit.COUNT, l.attempts());
        run.metric(k + "rejected", Unit.COUNT, l.rejected());
        run.metric(k + "timedOut", Unit.COUNT, l.timedOut());
        run.metric(k + "wastedReplies", Unit.COUNT, l.lateReplies());
        run.metric(k + "budgetDenied", Unit.COUNT, r.budgetDenied());
      }
    }

    private void checks(ScenarioRun run) {
      List<Metric> calls = new ArrayList<>();
      for (Strategy s : Strategy.values()) {
        calls.add(Metric.count(s.key() + "Calls", contention.get(s).totalCalls()));
      }
      run.check(new Check("jitterBeatsNoJitter", jitterBeatsNoJitter(),
          "every jittered strategy needs fewer calls to the database than no jitter", calls));
      Recovery b = recovery.get(RecoveryPolicy.BUDGET);
      run.check(Check.of("budgetRecovers", b.recovered(),
          "with a retry budget the service recovers while the load lasts",
          new Metric("recoveredAfter", Unit.NANOSECONDS, b.recovered() ? b.recoveryNanos() : null),
          Metric.nanos("loadEndsAfterRestart", LOAD_UNTIL.toNanos() - RESTART_AT.toNanos())));
    }

    private static String callsPerRequest(RecoveryPolicy p, RecoveryLedger l) {
      return String.format(Locale.ROOT, "%s sent %d calls for %d requests (%.1f a request)", p.key(), l.attempts(),
          l.requests(), (double) l.attempts() / l.requests());
    }

    /** Calls sent per window while the load lasts (the last window of the ledger also holds later calls). */
    private static Block.Line callsPerWindow(String label, RecoveryLedger l) {
      long[] sent = l.sentPerWindow();
      int windows = (int) (LOAD_UNTIL.toNanos() / l.windowNanos());
      long[] times = new long[windows];
      double[] values = new double[windows];
      for (int w = 0; w < windows; w++) {
        times[w] = w * l.windowNanos();
        values[w] = sent[w];
      }
      return new Block.Line(label, times, values);
    }

    /** The share of each window's calls that succeeded, for the windows that sent any. */
    private static Block.Line successPerWindow(String label, RecoveryLedger l) {
      long[] sent = l.sentPerWindow();
      long[] ok = l.okPerWindow();
      int windows = (int) (LOAD_UNTIL.toNanos() / l.windowNanos());
      int points = 0;
      for (int w = 0; w < windows; w++) {
        points += sent[w] > 0 ? 1 : 0;
      }
      long[] times = new long[points];
      double[] values = new double[points];
      int i = 0;
      for (int w = 0; w < windows; w++) {
        if (sent[w] > 0) {
          times[i] = w * l.windowNanos();
          values[i++] = (double) ok[w] / sent[w];
        }
      }
      return new Block.Line(label, times, values);
    }
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

  static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
