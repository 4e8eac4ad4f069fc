package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.fault.FaultLog;
import dev.caplab.messaging.resilience.CircuitBreaker;
import dev.caplab.messaging.resilience.CircuitBreakerConfig;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.SlidingWindowType;
import dev.caplab.time.Durations;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A web service with a bounded pool of request slots calls a recommendations backend that turns
 * slow, then fails, then recovers; the same user requests run once without and once with a
 * circuit breaker around those calls.
 *
 * <p>What it teaches: a dependency that answers slowly is worse than one that fails, because every
 * caller waiting on it holds a slot until its timeout, and soon the caller has no slot left even
 * for requests that never touch the broken dependency. A circuit breaker notices the failures and
 * slow calls, stops calling for a while and answers at once with a fallback, so the slots stay
 * free. Its cost: the fallbacks, and a recovery that waits for the breaker's next trial instead of
 * the first request after the dependency is back.
 *
 * <p>Timeline: user requests arrive from 0 to {@link #USERS_UNTIL} (Poisson, {@link
 * #REQUESTS_PER_SECOND} a second); recommendations is slow from {@link #SLOW_AT}, fails from
 * {@link #FAIL_AT}, and is healthy again from {@link #RECOVER_AT}; the run ends at {@link
 * #RUN_UNTIL}, late enough for every request to be answered. Both variants run in one simulation
 * on separate nodes and get the same requests at the same times, so the scenario declares no
 * variants (a variant would have a simulation of its own) and its run has one trace hash.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulation.
 */
public final class CircuitBreakerScenario implements Scenario {

  /** The command-line name. */
  public static final String NAME = "circuit-breaker";

  static final double REQUESTS_PER_SECOND = 200;
  static final double RECOMMENDATIONS_SHARE = 0.5;
  static final int SLOTS = 20;
  static final Duration TIMEOUT = Duration.ofMillis(500);
  static final Duration NETWORK_LATENCY = Duration.ofMillis(1);
  static final Duration SERVICE_MEDIAN = Duration.ofMillis(20);
  static final double SERVICE_SIGMA = 0.5;
  static final Duration SLOW_SERVICE_TIME = Duration.ofSeconds(2);
  static final Duration SLOW_AT = Duration.ofSeconds(2);
  static final Duration FAIL_AT = Duration.ofSeconds(5);
  static final Duration RECOVER_AT = Duration.ofSeconds(8);
  static final Duration USERS_UNTIL = Duration.ofMillis(11_500);
  static final Duration RUN_UNTIL = Duration.ofSeconds(12);
  /** "Recovered" means more than this share of a window's requests succeeded ... */
  static final double RECOVERY_THRESHOLD = 0.95;
  /** ... over a window this long. */
  static final Duration RECOVERY_WINDOW = Duration.ofMillis(500);

  static final int BREAKER_WINDOW = 20;
  static final int BREAKER_MINIMUM_CALLS = 10;
  static final float BREAKER_FAILURE_RATE = 50;
  static final float BREAKER_SLOW_CALL_RATE = 50;
  /** Below the timeout, so that calls which will time out are also slow. */
  static final Duration BREAKER_SLOW_CALL = Duration.ofMillis(250);
  static final Duration BREAKER_WAIT_IN_OPEN = Duration.ofSeconds(1);
  static final int BREAKER_HALF_OPEN_CALLS = 5;

  static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.custom()
      .slidingWindow(BREAKER_WINDOW, BREAKER_MINIMUM_CALLS, SlidingWindowType.COUNT_BASED)
      .failureRateThreshold(BREAKER_FAILURE_RATE)
      .slowCallRateThreshold(BREAKER_SLOW_CALL_RATE)
      .slowCallDurationThreshold(BREAKER_SLOW_CALL)
      .waitDurationInOpenState(BREAKER_WAIT_IN_OPEN)
      .permittedNumberOfCallsInHalfOpenState(BREAKER_HALF_OPEN_CALLS)
      .build();

  /** The window of the time series: short enough to see the breaker's steps, long enough to count. */
  static final Duration SERIES_WINDOW = Duration.ofMillis(250);
  /** The diagram: the slots filling up once recommendations turns slow, until the breaker opens. */
  static final DiagramWindow DIAGRAM = DiagramWindow.of("", SLOW_AT.minusMillis(100), SLOW_AT.plusMillis(1_000));

  private static final String WEB = "web";
  private static final String RECOMMENDATIONS = "recommendations";
  private static final String CATALOG = "catalog";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a dependency turns slow, fails, recovers: a caller's request slots with and without a circuit breaker";
  }

  @Override
  public String question() {
    return "A backend turns slow, then fails, then recovers. What does a circuit breaker around the calls to it"
        + " save the caller (its request slots, its users' waiting) and what does it cost (fallbacks, a later"
        + " recovery)?";
  }

  @Override
  public DiagramWindow diagram() {
    return DIAGRAM;
  }

  @Override
  public void run(ScenarioRun run) {
    execute(run.simulation()).report(run);
  }

  /** Runs both variants on {@code sim}. */
  private static Outcome execute(Simulation sim) {
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(NETWORK_LATENCY))
        .build());
    Workload workload = Workload.poisson(REQUESTS_PER_SECOND, USERS_UNTIL, RECOMMENDATIONS_SHARE,
        sim.random("workload"));
    LatencyModel service = LatencyModel.logNormal(SERVICE_MEDIAN, SERVICE_SIGMA);
    Map<Variant, Ledger> ledgers = new EnumMap<>(Variant.class);
    Map<Variant, NodeId> webs = new EnumMap<>(Variant.class);
    for (Variant v : Variant.values()) {
      Ledger ledger = new Ledger(workload);
      ledgers.put(v, ledger);
      cluster.add(v.node(RECOMMENDATIONS), () -> BackendNode.withOutage(service, SLOW_SERVICE_TIME));
      cluster.add(v.node(CATALOG), () -> BackendNode.healthy(service));
      WebNode.Plan plan = new WebNode.Plan(SLOTS, TIMEOUT, v == Variant.BREAKER ? BREAKER : null,
          v.node(RECOMMENDATIONS), v.node(CATALOG));
      webs.put(v, cluster.add(v.node(WEB), () -> new WebNode(plan, workload, ledger)));
    }
    sim.runFor(RUN_UNTIL);
    CircuitBreaker.State finalState = cluster.node(webs.get(Variant.BREAKER), WebNode.class).breakerState();
    return new Outcome(cluster, workload, ledgers, finalState);
  }

  /** Everything one run measured; {@link #report} turns it into prose, tables, series, metrics and checks. */
  record Outcome(Cluster cluster, Workload workload, Map<Variant, Ledger> ledgers, CircuitBreaker.State finalState) {

    Ledger ledger(Variant v) {
      return ledgers.get(v);
    }

    /** Time from the dependency's recovery until success is back above the threshold, or -1. */
    long recoveryNanos(Variant v) {
      return ledger(v).recoveryNanos(RECOVER_AT.toNanos(), RECOVERY_WINDOW.toNanos(), RECOVERY_THRESHOLD);
    }

    boolean breakerProtectsCaller() {
      return ledger(Variant.BREAKER).count(Answer.NO_SLOT) < ledger(Variant.NO_BREAKER).count(Answer.NO_SLOT);
    }

    boolean breakerRecovers() {
      return finalState == CircuitBreaker.State.CLOSED && recoveryNanos(Variant.BREAKER) >= 0;
    }

    void report(ScenarioRun run) {
      run.paragraph(String.format(Locale.ROOT, "A web service answers about %.0f user requests a second until %s (%d"
          + " in all). About %.0f%% need the recommendations backend, the rest the catalog backend. The web service"
          + " has %d request slots: a request that finds them all busy is turned away at once. A backend call gets"
          + " %s, then the web service gives up on it. Backends answer in about %s. At %s recommendations turns slow"
          + " (%s an answer, longer than the timeout), at %s it fails at once with errors, at %s it is healthy again."
          + " The catalog never fails.", REQUESTS_PER_SECOND, human(USERS_UNTIL), workload.size(),
          RECOMMENDATIONS_SHARE * 100, SLOTS, human(TIMEOUT), human(SERVICE_MEDIAN), human(SLOW_AT),
          human(SLOW_SERVICE_TIME), human(FAIL_AT), human(RECOVER_AT)));
      run.paragraph(String.format(Locale.ROOT, "The same requests run twice: without a circuit breaker, and with one"
          + " around the calls to recommendations (it opens when %.0f%% of the last %d calls failed or took over %s,"
          + " stays open %s, then lets %d trial calls through). An open breaker answers at once with a fallback"
          + " (popular items instead of personal recommendations).", BREAKER_FAILURE_RATE, BREAKER_WINDOW,
          human(BREAKER_SLOW_CALL), human(BREAKER_WAIT_IN_OPEN), BREAKER_HALF_OPEN_CALLS));
      run.heading("What happened");
      run.bullets(findings());
      for (Variant v : Variant.values()) {
        run.add(phaseTable(v));
      }
      List<Block.Curve> curves = new ArrayList<>();
      for (Variant v : Variant.values()) {
        curves.add(Block.Curve.of(v.label(), ledger(v).latency()));
      }
      run.add(new Block.Distribution("latency", "Latency of all user requests (arrival -> answer, whatever the"
          + " answer)", curves));
      List<Block.Line> success = new ArrayList<>();
      List<Block.Line> turnedAway = new ArrayList<>();
      for (Variant v : Variant.values()) {
        success.add(perWindow(v, true));
        turnedAway.add(perWindow(v, false));
      }
      run.add(new Block.TimeSeries("success", "Requests that succeeded, by " + human(SERIES_WINDOW) + " of arrivals",
          Unit.RATIO, success));
      run.add(new Block.TimeSeries("turnedAway", "Requests turned away (no slot), by " + human(SERIES_WINDOW)
          + " of arrivals", Unit.COUNT, turnedAway));
      run.add(transitionTable());
      run.add(diagram(run));
      metrics(run);
      checks(run);
    }

    private List<String> findings() {
      Ledger without = ledger(Variant.NO_BREAKER);
      Ledger with = ledger(Variant.BREAKER);
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "Without a breaker, while recommendations was slow every call to it held a"
          + " slot for the whole %s timeout, so the slots ran out: %d requests were turned away, %d of them catalog"
          + " requests that had nothing to do with the broken backend. A slow dependency takes its callers down with"
          + " it.", human(TIMEOUT), without.count(Answer.NO_SLOT), without.catalogTurnedAway()));
      List<Ledger.Transition> transitions = with.transitions();
      Ledger.Transition firstOpen = firstTo(transitions, CircuitBreaker.State.OPEN);
      if (firstOpen != null) {
        found.add(String.format(Locale.ROOT, "With the breaker, it opened at %s, once enough calls had timed out. From"
            + " then on, except for %d trial calls after each %s wait, it refused calls to recommendations at once,"
            + " without taking a slot. Only %d requests were turned away (%d of them catalog requests): the breaker"
            + " keeps the caller from tying up its slots waiting on a dependency that cannot answer.",
            Durations.human(firstOpen.atNanos()), BREAKER_HALF_OPEN_CALLS, human(BREAKER_WAIT_IN_OPEN),
            with.count(Answer.NO_SLOT), with.catalogTurnedAway()));
      } else {
        found.add(String.format(Locale.ROOT, "With the breaker, which never opened in this run, %d requests were"
            + " turned away (%d of them catalog requests).", with.count(Answer.NO_SLOT), with.catalogTurnedAway()));
      }
      found.add(String.format(Locale.ROOT, "Timeouts (a user waiting the full %s for nothing): %d without the breaker,"
          + " %d with it.", human(TIMEOUT), without.count(Answer.TIMEOUT), with.count(Answer.TIMEOUT)));
      found.add(String.format(Locale.ROOT, "It also spared the backend: %d calls reached recommendations, against %d"
          + " without.", with.recommendationCalls(), without.recommendationCalls()));
      Ledger.Transition lastClose = lastTo(transitions, CircuitBreaker.State.CLOSED);
      found.add(String.format(Locale.ROOT, "The cost: %d requests got the fallback instead of real recommendations."
          + " After recommendations recovered at %s, the breaker found out only with its next trial calls%s: more"
          + " than %.0f%% of requests succeeded again (over %s) %s after the recovery with the breaker, %s without"
          + " it.", with.count(Answer.FALLBACK), human(RECOVER_AT),
          lastClose == null ? "" : " and closed at " + Durations.human(lastClose.atNanos()),
          RECOVERY_THRESHOLD * 100, human(RECOVERY_WINDOW), recovery(recoveryNanos(Variant.BREAKER)),
          recovery(recoveryNanos(Variant.NO_BREAKER))));
      found.add(String.format(Locale.ROOT, "Success rate: %s without the breaker, %s with it; at %s the breaker is %s.",
          Unit.RATIO.format(without.successRate()), Unit.RATIO.format(with.successRate()), human(RUN_UNTIL),
          finalState));
      return found;
    }

    private Block.Table phaseTable(Variant v) {
      Ledger l = ledger(v);
      List<Block.Column> columns = new ArrayList<>(List.of(new Block.Column("", Unit.TEXT),
          new Block.Column("requests", Unit.COUNT), new Block.Column("success", Unit.RATIO)));
      for (Answer a : Answer.values()) {
        columns.add(new Block.Column(a.label(), Unit.COUNT));
      }
      Block.Table.Builder t = Block.Table.builder("phases" + Character.toUpperCase(v.key().charAt(0))
          + v.key().substring(1), "Requests " + v.label() + ", by the phase in which they arrived",
          columns.toArray(new Block.Column[0]));
      for (Phase p : Phase.values()) {
        List<Object> row = new ArrayList<>();
        int arrivals = l.arrivals(p);
        row.add(phaseLabel(p));
        row.add(arrivals);
        row.add(arrivals == 0 ? null : (double) l.count(p, Answer.OK) / arrivals);
        for (Answer a : Answer.values()) {
          row.add(l.count(p, a));
        }
        t.row(row.toArray());
      }
      return t.build();
    }

    private Block transitionTable() {
      List<Ledger.Transition> transitions = ledger(Variant.BREAKER).transitions();
      if (transitions.isEmpty()) {
        return new Block.Paragraph("The breaker never changed state.");
      }
      Block.Table.Builder t = Block.Table.builder("transitions", "Breaker state changes",
          new Block.Column("at", Unit.NANOSECONDS), new Block.Column("from", Unit.TEXT),
          new Block.Column("to", Unit.TEXT), new Block.Column("why", Unit.TEXT));
      for (Ledger.Transition tr : transitions) {
        t.row(tr.atNanos(), tr.from().name(), tr.to().name(), why(tr));
      }
      return t.build();
    }

    /**
     * Per window of arrival time until the users stop: the share of the window's requests that
     * succeeded ({@code success}), or how many were turned away for want of a slot.
     */
    private Block.Line perWindow(Variant v, boolean success) {
      Ledger l = ledger(v);
      long window = SERIES_WINDOW.toNanos();
      int windows = (int) ((USERS_UNTIL.toNanos() + window - 1) / window);
      long[] arrived = new long[windows];
      long[] counted = new long[windows];
      for (int i = 0; i < workload.size(); i++) {
        int w = (int) (workload.arrivalNanos(i) / window);
        arrived[w]++;
        if (l.answer(i) == (success ? Answer.OK : Answer.NO_SLOT)) {
          counted[w]++;
        }
      }
      List<Long> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int w = 0; w < windows; w++) {
        if (!success || arrived[w] > 0) {
          times.add(w * window);
          values.add(success ? (double) counted[w] / arrived[w] : counted[w]);
        }
      }
      return new Block.Line(v.label(), times.stream().mapToLong(Long::longValue).toArray(),
          values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The diagram's window of both variants, with the web services' user requests as bars. */
    private SpaceTime diagram(ScenarioRun run) {
      SpaceTime.Builder d = run.diagram("both variants as recommendations turns slow at " + human(SLOW_AT)
          + ", until the breaker has opened", cluster, FaultLog.of(cluster));
      List<String> names = cluster.ids().stream().map(NodeId::name).toList();
      long from = DIAGRAM.from().toNanos();
      long to = DIAGRAM.to().toNanos();
      for (Variant v : Variant.values()) {
        int web = names.indexOf(v.node(WEB));
        Ledger l = ledger(v);
        for (int i = 0; i < workload.size(); i++) {
          long at = workload.arrivalNanos(i);
          if (at >= from && at < to && l.answer(i) != null) {
            d.operation(web, at, l.answeredAt(i), l.answer(i).label(),
                l.answer(i) == Answer.OK ? SpaceTime.Outcome.OK : SpaceTime.Outcome.FAILED);
          }
        }
      }
      return d.build();
    }

    private void metrics(ScenarioRun run) {
      run.metric("requests", Unit.COUNT, workload.size());
      for (Variant v : Variant.values()) {
        Ledger l = ledger(v);
        long recovery = recoveryNanos(v);
        String k = v.key() + ".";
        run.metric(k + "successRate", Unit.RATIO, l.successRate());
        run.metric(k + "slotExhausted", Unit.COUNT, l.count(Answer.NO_SLOT));
        run.latency(k + "latency", l.latency());
        run.metric(k + "failFast", Unit.COUNT, l.count(Answer.FALLBACK));
        run.metric(k + "recoveredAfter", Unit.NANOSECONDS, recovery < 0 ? null : recovery);
        run.metric(k + "ok", Unit.COUNT, l.count(Answer.OK));
        run.metric(k + "timeouts", Unit.COUNT, l.count(Answer.TIMEOUT));
        run.metric(k + "errors", Unit.COUNT, l.count(Answer.ERROR));
        run.metric(k + "recommendationCalls", Unit.COUNT, l.recommendationCalls());
        if (v == Variant.BREAKER) {
          run.metric(k + "finalState", Unit.TEXT, finalState.name());
        }
      }
      List<Ledger.Transition> transitions = ledger(Variant.BREAKER).transitions();
      run.metric("transitions.count", Unit.COUNT, transitions.size());
      for (int i = 0; i < transitions.size(); i++) {
        Ledger.Transition t = transitions.get(i);
        String k = "transitions.t" + (i + 1) + ".";
        run.metric(k + "at", Unit.NANOSECONDS, t.atNanos());
        run.metric(k + "from", Unit.TEXT, t.from().name());
        run.metric(k + "to", Unit.TEXT, t.to().name());
      }
    }

    private void checks(ScenarioRun run) {
      run.check(Check.of("breakerProtectsCaller", breakerProtectsCaller(),
          "fewer requests are turned away for want of a slot with the breaker than without it",
          Metric.count("slotExhaustedWithout", ledger(Variant.NO_BREAKER).count(Answer.NO_SLOT)),
          Metric.count("slotExhaustedWith", ledger(Variant.BREAKER).count(Answer.NO_SLOT))));
      long recovery = recoveryNanos(Variant.BREAKER);
      run.check(Check.of("breakerRecovers", breakerRecovers(), String.format(Locale.ROOT, "the breaker ends CLOSED and,"
          + " after the backend recovers, more than %.0f%% of the requests in a %s window succeed again",
          RECOVERY_THRESHOLD * 100, human(RECOVERY_WINDOW)),
          Metric.text("finalState", finalState.name()),
          new Metric("recoveredAfter", Unit.NANOSECONDS, recovery < 0 ? null : recovery)));
    }

    private static String why(Ledger.Transition t) {
      return switch (t.to()) {
        case OPEN -> t.from() == CircuitBreaker.State.CLOSED
            ? "too many failed or slow calls" : "too many trial calls failed or were slow";
        case HALF_OPEN -> "the wait in OPEN is over: trial calls";
        case CLOSED -> "the trial calls succeeded";
        default -> "";
      };
    }

    private static String phaseLabel(Phase p) {
      Phase[] all = Phase.values();
      long end = p.ordinal() + 1 < all.length ? all[p.ordinal() + 1].startNanos() : USERS_UNTIL.toNanos();
      return p.label() + " " + seconds(p.startNanos()) + "-" + seconds(end);
    }

    /** Whole or fractional seconds without trailing zeros: "0s", "2s", "11.5s". */
    private static String seconds(long nanos) {
      return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static Ledger.Transition firstTo(List<Ledger.Transition> ts, CircuitBreaker.State to) {
      for (Ledger.Transition t : ts) {
        if (t.to() == to) {
          return t;
        }
      }
      return null;
    }

    private static Ledger.Transition lastTo(List<Ledger.Transition> ts, CircuitBreaker.State to) {
      Ledger.Transition last = null;
      for (Ledger.Transition t : ts) {
        if (t.to() == to) {
          last = t;
        }
      }
      return last;
    }

    private static String recovery(long nanos) {
      return nanos < 0 ? "never" : Durations.human(nanos);
    }

    private static String human(Duration d) {
      return Durations.human(d.toNanos());
    }
  }
}
