package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.messaging.resilience.CircuitBreaker;
import dev.caplab.messaging.resilience.CircuitBreakerConfig;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.SlidingWindowType;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * on separate nodes and get the same requests at the same times.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulation.
 */
public final class CircuitBreakerScenario implements LegacyScenario {

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
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs the scenario and keeps the figures tests look at besides the result. */
  Outcome execute(long seed) {
    Simulation sim = Simulation.withSeed(seed);
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
    return new Outcome(seed, sim, workload, ledgers, finalState);
  }

  /** Everything one run measured; {@link #result()} turns it into metrics, checks and text. */
  record Outcome(long seed, Simulation sim, Workload workload, Map<Variant, Ledger> ledgers,
      CircuitBreaker.State finalState) {

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

    ScenarioResult result() {
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      checks.put("breakerProtectsCaller", protectsCheck());
      checks.put("breakerRecovers", recoversCheck());
      return new ScenarioResult(NAME, seed, sim.trace().hashHex(), sim.now(), metrics(), checks, summary());
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requests", workload.size());
      for (Variant v : Variant.values()) {
        m.put(v.key(), variantMetrics(v));
      }
      List<Object> transitions = new ArrayList<>();
      for (Ledger.Transition t : ledger(Variant.BREAKER).transitions()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("atMillis", millis(t.atNanos()));
        e.put("from", t.from().name());
        e.put("to", t.to().name());
        transitions.add(e);
      }
      m.put("transitions", transitions);
      return m;
    }

    private Map<String, Object> variantMetrics(Variant v) {
      Ledger l = ledger(v);
      long recovery = recoveryNanos(v);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("successRate", Math.round(l.successRate() * 10_000) / 10_000.0);
      m.put("slotExhausted", l.count(Answer.NO_SLOT));
      m.put("p50Millis", millis(l.latency().p50()));
      m.put("p99Millis", millis(l.latency().p99()));
      m.put("failFast", l.count(Answer.FALLBACK));
      m.put("recoverMillis", recovery < 0 ? null : millis(recovery));
      m.put("ok", l.count(Answer.OK));
      m.put("timeouts", l.count(Answer.TIMEOUT));
      m.put("errors", l.count(Answer.ERROR));
      m.put("recommendationCalls", l.recommendationCalls());
      if (v == Variant.BREAKER) {
        m.put("finalState", finalState.name());
      }
      return m;
    }

    private ScenarioResult.Check protectsCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("slotExhaustedWithout", ledger(Variant.NO_BREAKER).count(Answer.NO_SLOT));
      d.put("slotExhaustedWith", ledger(Variant.BREAKER).count(Answer.NO_SLOT));
      return new ScenarioResult.Check(breakerProtectsCaller(), d);
    }

    private ScenarioResult.Check recoversCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      long recovery = recoveryNanos(Variant.BREAKER);
      d.put("finalState", finalState.name());
      d.put("recoverMillis", recovery < 0 ? null : millis(recovery));
      return new ScenarioResult.Check(breakerRecovers(), d);
    }

    private String summary() {
      Ledger without = ledger(Variant.NO_BREAKER);
      Ledger with = ledger(Variant.BREAKER);
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "A web service answers about %.0f user requests a second until %s (%d in all). About%n",
          REQUESTS_PER_SECOND, Durations.exact(USERS_UNTIL), workload.size()));
      s.append(String.format(Locale.ROOT,
          "%.0f%% need the recommendations backend, the rest the catalog backend. The web service%n",
          RECOMMENDATIONS_SHARE * 100));
      s.append(String.format(Locale.ROOT,
          "has %d request slots: a request that finds them all busy is turned away at once.%n", SLOTS));
      s.append(String.format(Locale.ROOT,
          "A backend call gets %s, then the web service gives up on it. Backends answer in%n",
          Durations.exact(TIMEOUT)));
      s.append(String.format(Locale.ROOT,
          "about %s. At %s recommendations turns slow (%s an answer, longer than the timeout),%n",
          Durations.exact(SERVICE_MEDIAN), Durations.exact(SLOW_AT), Durations.exact(SLOW_SERVICE_TIME)));
      s.append(String.format(Locale.ROOT,
          "at %s it fails at once with errors, at %s it is healthy again. The catalog never fails.%n",
          Durations.exact(FAIL_AT), Durations.exact(RECOVER_AT)));
      s.append("The same requests run twice: without a circuit breaker, and with one around the calls\n");
      s.append(String.format(Locale.ROOT,
          "to recommendations (it opens when %.0f%% of the last %d calls failed or took over %s,%n",
          BREAKER_FAILURE_RATE, BREAKER_WINDOW, Durations.exact(BREAKER_SLOW_CALL)));
      s.append(String.format(Locale.ROOT,
          "stays open %s, then lets %d trial calls through). An open breaker answers at once%n",
          Durations.exact(BREAKER_WAIT_IN_OPEN), BREAKER_HALF_OPEN_CALLS));
      s.append("with a fallback (popular items instead of personal recommendations).\n\n");

      s.append("What happened\n");
      int catalogTurnedAway = without.catalogTurnedAway();
      s.append(String.format(Locale.ROOT,
          "- Without a breaker, while recommendations was slow every call to it held a slot for the%n"));
      s.append(String.format(Locale.ROOT,
          "  whole %s timeout, so the slots ran out: %d requests were turned away, %d of them%n",
          Durations.exact(TIMEOUT), without.count(Answer.NO_SLOT), catalogTurnedAway));
      s.append("  catalog requests that had nothing to do with the broken backend. A slow dependency takes\n");
      s.append("  its callers down with it.\n");
      List<Ledger.Transition> transitions = with.transitions();
      Ledger.Transition firstOpen = firstTo(transitions, CircuitBreaker.State.OPEN);
      if (firstOpen != null) {
        s.append(String.format(Locale.ROOT,
            "- With the breaker, it opened at %s, once enough calls had timed out. From then on,%n",
            Durations.human(firstOpen.atNanos())));
        s.append(String.format(Locale.ROOT,
            "  except for %d trial calls after each %s wait, it refused calls to recommendations%n",
            BREAKER_HALF_OPEN_CALLS, Durations.exact(BREAKER_WAIT_IN_OPEN)));
        s.append("  at once, without taking a slot.");
      } else {
        s.append("- With the breaker, which never opened in this run,");
      }
      s.append(String.format(Locale.ROOT, " Only %d requests were turned away (%d of them%n",
          with.count(Answer.NO_SLOT), with.catalogTurnedAway()));
      s.append("  catalog requests): the breaker keeps the caller from tying up its slots waiting on a\n");
      s.append("  dependency that cannot answer.\n");
      s.append(String.format(Locale.ROOT,
          "- Timeouts (a user waiting the full %s for nothing): %d without the breaker, %d with it.%n",
          Durations.exact(TIMEOUT), without.count(Answer.TIMEOUT), with.count(Answer.TIMEOUT)));
      s.append(String.format(Locale.ROOT,
          "- It also spared the backend: %d calls reached recommendations, against %d without.%n",
          with.recommendationCalls(), without.recommendationCalls()));
      long recWithout = recoveryNanos(Variant.NO_BREAKER);
      long recWith = recoveryNanos(Variant.BREAKER);
      Ledger.Transition lastClose = lastTo(transitions, CircuitBreaker.State.CLOSED);
      s.append(String.format(Locale.ROOT,
          "- The cost: %d requests got the fallback instead of real recommendations. After%n",
          with.count(Answer.FALLBACK)));
      s.append(String.format(Locale.ROOT,
          "  recommendations recovered at %s, the breaker found out only with its next trial%n",
          Durations.exact(RECOVER_AT)));
      s.append(String.format(Locale.ROOT, "  calls%s: more than %.0f%% of requests succeeded again (over %s)%n",
          lastClose == null ? "" : " and closed at " + Durations.human(lastClose.atNanos()),
          RECOVERY_THRESHOLD * 100, Durations.exact(RECOVERY_WINDOW)));
      s.append(String.format(Locale.ROOT, "  %s after the recovery with the breaker, %s without it.%n",
          recovery(recWith), recovery(recWithout)));
      s.append(String.format(Locale.ROOT,
          "- Success rate: %s without the breaker, %s with it; at %s the breaker is %s.%n%n",
          percent(without.successRate()), percent(with.successRate()), Durations.exact(RUN_UNTIL), finalState));

      for (Variant v : Variant.values()) {
        s.append("Requests ").append(v.label()).append(", by the phase in which they arrived\n");
        s.append(phaseTable(ledger(v))).append('\n');
      }
      s.append("Latency of all user requests (arrival -> answer, whatever the answer)\n");
      TextTable lat = new TextTable("", "requests", "p50", "p90", "p99", "max");
      for (Variant v : Variant.values()) {
        LatencyRecorder r = ledger(v).latency();
        lat.row(v.label(), r.count(), Durations.human(r.p50()), Durations.human(r.p90()),
            Durations.human(r.p99()), Durations.human(r.max()));
      }
      s.append(lat.render()).append('\n');

      s.append("Breaker state changes\n");
      if (transitions.isEmpty()) {
        s.append("  none\n");
      } else {
        TextTable t = new TextTable("at", "from", "to", "why");
        for (Ledger.Transition tr : transitions) {
          t.row(Durations.human(tr.atNanos()), tr.from(), tr.to(), why(tr));
        }
        s.append(t.render());
      }
      s.append('\n');
      s.append("trace hash ").append(sim.trace().hashHex()).append('\n');
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
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

    private static String phaseTable(Ledger l) {
      List<String> header = new ArrayList<>(List.of("", "requests", "success"));
      for (Answer a : Answer.values()) {
        header.add(a.label());
      }
      TextTable t = new TextTable(header.toArray(new String[0]));
      for (Phase p : Phase.values()) {
        List<Object> row = new ArrayList<>();
        int arrivals = l.arrivals(p);
        row.add(phaseLabel(p));
        row.add(arrivals);
        row.add(arrivals == 0 ? "-" : percent((double) l.count(p, Answer.OK) / arrivals));
        for (Answer a : Answer.values()) {
          row.add(l.count(p, a));
        }
        t.row(row.toArray());
      }
      return t.render();
    }

    private static String phaseLabel(Phase p) {
      Phase[] all = Phase.values();
      long end = p.ordinal() + 1 < all.length ? all[p.ordinal() + 1].startNanos() : USERS_UNTIL.toNanos();
      return p.label() + " " + Durations.exact(p.startNanos()) + "-" + Durations.exact(end);
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

    private static String percent(double fraction) {
      return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static double millis(long nanos) {
      return Math.round(nanos / 1_000.0) / 1_000.0;
    }
  }
}
