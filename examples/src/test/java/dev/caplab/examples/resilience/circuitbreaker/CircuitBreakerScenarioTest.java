package dev.caplab.examples.resilience.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.ScenarioCatalog;
import dev.caplab.examples.cli.CaplabCommand;
import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The circuit-breaker findings over many seeds, read from the report as a program would. */
class CircuitBreakerScenarioTest {

  private static final int SEEDS = 10;
  private static final List<String> VARIANTS = List.of("noBreaker", "breaker");
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new CircuitBreakerScenario(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  /** A duration that may be null ("never"); -1 for null. */
  private static long nanos(Report r, String name) {
    Object v = r.metric(name).value();
    return v == null ? -1 : (Long) v;
  }

  @Test
  void theBreakerKeepsSlotsFreeAndRecoversOnEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(count(r, "breaker.slotExhausted") < count(r, "noBreaker.slotExhausted"), at + "slots exhausted "
          + count(r, "breaker.slotExhausted") + " with the breaker, " + count(r, "noBreaker.slotExhausted")
          + " without");
      assertEquals("CLOSED", r.metric("breaker.finalState").value(), at);
      assertTrue(nanos(r, "breaker.recoveredAfter") >= 0, at + "never recovered");
      assertTrue(r.check("breakerProtectsCaller").valid(), at + r.checks());
      assertTrue(r.check("breakerRecovers").valid(), at + r.checks());
    }
  }

  @Test
  void everyRequestIsAnsweredExactlyOnceInBothVariants() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      for (String v : VARIANTS) {
        String at = "seed " + seed + ", " + v + ": ";
        long answers = count(r, v + ".ok") + count(r, v + ".timeouts") + count(r, v + ".errors")
            + count(r, v + ".slotExhausted") + count(r, v + ".failFast");
        assertEquals(count(r, "requests"), answers, at + "answers do not add up");
        assertEquals(count(r, "requests"), count(r, v + ".latency.count"), at + "one latency per request");
        double rate = (Double) r.metric(v + ".successRate").value();
        assertEquals((double) count(r, v + ".ok") / count(r, "requests"), rate, 1e-12, at);
      }
    }
  }

  @Test
  void theBreakersCostIsFallbacksAndASlowerRecovery() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(0, count(r, "noBreaker.failFast"), at + "fallbacks without a breaker");
      assertTrue(count(r, "breaker.failFast") > 0, at + "no fallback with the breaker");
      long without = nanos(r, "noBreaker.recoveredAfter");
      long with = nanos(r, "breaker.recoveredAfter");
      assertTrue(without >= 0 && without <= with, at + "recovery without " + without + " ns, with " + with + " ns");
      // The breaker finds out at its next trial, at most one open wait after the recovery, plus
      // the time the trial calls take.
      long bound = CircuitBreakerScenario.BREAKER_WAIT_IN_OPEN.plus(CircuitBreakerScenario.TIMEOUT).toNanos();
      assertTrue(with <= bound, at + "recovery with the breaker took " + with + " ns, more than " + bound);
      assertTrue(count(r, "breaker.recommendationCalls") < count(r, "noBreaker.recommendationCalls"),
          at + "the breaker did not spare the backend");
    }
  }

  @Test
  void theBreakerOpensDuringTheOutageAndClosesOnlyAfterTheRecovery() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      long n = count(r, "transitions.count");
      String at = "seed " + seed + ": ";
      assertTrue(n >= 3, at + "too few transitions: " + n);
      assertEquals("CLOSED", r.metric("transitions.t1.from").value(), at);
      assertEquals("OPEN", r.metric("transitions.t1.to").value(), at);
      assertTrue(count(r, "transitions.t1.at") > CircuitBreakerScenario.SLOW_AT.toNanos(), at + "opened before the outage");
      assertEquals("CLOSED", r.metric("transitions.t" + n + ".to").value(), at + "the last transition does not close");
      assertTrue(count(r, "transitions.t" + n + ".at") > CircuitBreakerScenario.RECOVER_AT.toNanos(),
          at + "closed before the recovery");
      for (int i = 2; i <= n; i++) {
        assertEquals(r.metric("transitions.t" + (i - 1) + ".to").value(), r.metric("transitions.t" + i + ".from").value(),
            at + "transitions do not chain at " + i);
        assertTrue(count(r, "transitions.t" + (i - 1) + ".at") <= count(r, "transitions.t" + i + ".at"),
            at + "transitions out of order at " + i);
      }
    }
  }

  @Test
  void durationsAreNanosecondsAndRatesFractions() {
    Report r = run(5);
    for (String v : VARIANTS) {
      assertEquals(Unit.RATIO, r.metric(v + ".successRate").unit(), v);
      assertEquals(Unit.NANOSECONDS, r.metric(v + ".latency.p50").unit(), v);
      assertEquals(Unit.NANOSECONDS, r.metric(v + ".latency.p99").unit(), v);
      assertEquals(Unit.NANOSECONDS, r.metric(v + ".recoveredAfter").unit(), v);
    }
    assertEquals(Unit.NANOSECONDS, r.metric("transitions.t1.at").unit());
    assertEquals(CircuitBreakerScenario.RUN_UNTIL.toNanos(), r.header().simulatedNanos());
    assertEquals("", r.header().variant(), "both designs share one simulation");
  }

  @Test
  void theTextExplainsTheTradeOff() {
    String text = TextReport.render(run(1));
    assertTrue(text.replaceAll("\\s+", " ").contains("the breaker keeps the caller from tying up its slots"), text);
    assertTrue(text.contains("- The cost:"), text);
    assertTrue(text.contains("\nBreaker state changes\n"), text);
  }

  /** docs/circuit-breaker-scenario.md shows the output of {@code ./caplab run circuit-breaker}: it must be this run's. */
  @Test
  void theGuideShowsWhatTheCommandPrints() throws IOException {
    String doc = Files.readString(Path.of("../docs/circuit-breaker-scenario.md"), StandardCharsets.UTF_8);
    String command = "$ ./caplab run circuit-breaker\n";
    int from = doc.indexOf(command);
    assertTrue(from >= 0, "the guide shows the command");
    from += command.length();
    String shown = doc.substring(from, doc.indexOf("```", from));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CaplabCommand.execute(ScenarioCatalog.builtIn(), new PrintWriter(out), new PrintWriter(err), "run",
        CircuitBreakerScenario.NAME);
    assertEquals(0, code, err.toString());
    assertEquals(out.toString(), shown);
  }

  @Test
  void recoveryIsTheFirstArrivalWhoseWindowSucceeds() {
    // Ten requests 100 ms apart; the first two fail. With a 300 ms window, the window starting
    // at 0 has 1 success in 3, the one at 100 ms 2 in 3, the one at 200 ms 3 in 3.
    long[] arrivals = new long[10];
    for (int i = 0; i < arrivals.length; i++) {
      arrivals[i] = i * 100_000_000L;
    }
    Ledger l = new Ledger(Workload.of(arrivals, new boolean[arrivals.length]));
    for (int i = 0; i < arrivals.length; i++) {
      l.answered(i, i < 2 ? Answer.TIMEOUT : Answer.OK, arrivals[i] + 1_000_000L);
    }
    assertEquals(200_000_000L, l.recoveryNanos(0, 300_000_000L, 0.95));
    assertEquals(100_000_000L, l.recoveryNanos(0, 300_000_000L, 0.5), "2 of 3 is above 50%");
    assertEquals(50_000_000L, l.recoveryNanos(150_000_000L, 300_000_000L, 0.95), "starts at an arrival");
    assertEquals(-1, l.recoveryNanos(0, 1_000_000_000L, 0.95), "no window fits before the last arrival");
  }

  /**
   * The workload's gaps are cut to whole nanoseconds with no minimum: seed 205 draws a gap below
   * 1 ns, and its requests 33 and 34 arrive in the same nanosecond, as they did before the
   * workload drew its arrivals from the scenario kit.
   */
  @Test
  void twoRequestsMayArriveInTheSameNanosecond() {
    Workload w = Workload.poisson(CircuitBreakerScenario.REQUESTS_PER_SECOND, CircuitBreakerScenario.USERS_UNTIL,
        CircuitBreakerScenario.RECOMMENDATIONS_SHARE, Simulation.withSeed(205).random("workload"));
    assertEquals(168_061_744L, w.arrivalNanos(33));
    assertEquals(168_061_744L, w.arrivalNanos(34));
    assertTrue(w.arrivalNanos(35) > w.arrivalNanos(34));
  }
}
