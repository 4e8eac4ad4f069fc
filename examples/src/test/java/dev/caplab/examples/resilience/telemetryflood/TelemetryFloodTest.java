package dev.caplab.examples.resilience.telemetryflood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caplab.examples.resilience.CliJson;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryFloodTest {

  private static final int SEEDS = 4;

  @Test
  void sameSeedSameTraceHashAndDifferentSeedsDiffer() {
    ScenarioResult a = new TelemetryFlood().run(7);
    ScenarioResult b = new TelemetryFlood().run(7);
    assertEquals(a.traceHash(), b.traceHash());
    assertEquals(a.metrics(), b.metrics());
    assertNotEquals(a.traceHash(), new TelemetryFlood().run(8).traceHash());
  }

  @Test
  void sheddingDrainsWithoutCrashingWhileTheUnboundedQueueCrashes() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      TelemetryFlood.Outcome o = new TelemetryFlood().execute(seed);
      String at = "seed " + seed + ": ";
      TelemetryFlood.Run shed = o.runs().get(Strategy.SHED_429);
      TelemetryFlood.Run bounded = o.runs().get(Strategy.BOUNDED_QUEUE);
      TelemetryFlood.Run unbounded = o.runs().get(Strategy.UNBOUNDED);
      assertEquals(0, shed.crashes(), at + shed);
      assertTrue(shed.drained(), at + "shedding never drained: " + shed);
      assertTrue(shed.shed() > 0, at + "the flood was never shed: " + shed);
      assertTrue(shed.peakQueue() <= TelemetryFlood.SHED_QUEUE, at + shed);
      assertEquals(0, bounded.crashes(), at + bounded);
      assertTrue(bounded.drained(), at + bounded);
      assertTrue(bounded.shed() > shed.shed(), at + "devices without Retry-After knock more: " + bounded);
      assertTrue(unbounded.crashes() > 0, at + "the unbounded queue never crashed: " + unbounded);
      assertTrue(unbounded.peakQueue() > TelemetryFlood.MEMORY_LIMIT, at + unbounded);
      for (TelemetryFlood.Run r : o.runs().values()) {
        assertEquals(r.produced(), r.accepted(), at + r.strategy().key() + ": every reading stored in the end");
        assertEquals(0, r.backlogAtEnd(), at + r.strategy().key());
      }
      assertTrue(o.result().allChecksValid(), at + o.result().checks());
    }
  }

  @Test
  void thePlannedOutageAndTheOutOfMemoryKillsShareOneFaultTimeline() {
    List<TimedFault> outage = List.of(
        new TimedFault(TelemetryFlood.DOWN_AT, new Fault.Crash(TelemetryFlood.SERVER)),
        new TimedFault(TelemetryFlood.BACK_AT, new Fault.Restart(TelemetryFlood.SERVER)));
    for (long seed = 1; seed <= SEEDS; seed++) {
      String at = "seed " + seed + ": ";
      assertEquals(outage, TelemetryFlood.run(seed, Strategy.SHED_429).faults(), at);
      TelemetryFlood.Run unbounded = TelemetryFlood.run(seed, Strategy.UNBOUNDED);
      List<TimedFault> faults = unbounded.faults();
      assertEquals(outage, faults.subList(0, 2), at + faults);
      List<TimedFault> kills = faults.subList(2, faults.size());
      long killed = kills.stream().filter(t -> t.fault() instanceof Fault.Crash).count();
      assertEquals(unbounded.crashes(), killed, at + faults);
      for (int i = 0; i < kills.size(); i++) {
        TimedFault kill = kills.get(i);
        boolean expected = i % 2 == 0 ? kill.fault() instanceof Fault.Crash : kill.fault() instanceof Fault.Restart;
        assertTrue(expected, at + "kills alternate crash, restart: " + faults);
        assertTrue(i == 0 || kill.at().compareTo(kills.get(i - 1).at()) >= 0, at + "out of time order: " + faults);
      }
    }
  }

  @Test
  void jsonHasTheNumbersTheIssueNames() throws Exception {
    JsonNode o = CliJson.run(TelemetryFlood.NAME, 3);
    JsonNode m = o.get("metrics");
    for (String s : List.of("shed429", "boundedQueue", "unbounded")) {
      assertTrue(m.get(s).get("accepted").isIntegralNumber(), s + ": " + m.get(s));
      assertTrue(m.get(s).get("shed").isIntegralNumber(), s + ": " + m.get(s));
      assertTrue(m.get(s).get("crashed").isIntegralNumber(), s + ": " + m.get(s));
      assertTrue(m.get(s).has("drainMillis"), s + ": " + m.get(s));
    }
    assertTrue(m.get("shed429").get("drainMillis").isNumber());
    assertTrue(o.get("checks").get("sheddingDrainsWithoutCrashing").get("valid").asBoolean());
    assertTrue(o.get("checks").get("unboundedQueueCrashes").get("valid").asBoolean());
  }

  @Test
  void textSummaryEndsWithTheTraceHashAndHowToReproduce() throws Exception {
    String hash = CliJson.run(TelemetryFlood.NAME, 5).get("traceHash").asText();
    List<String> lines = CliJson.text(TelemetryFlood.NAME, 5).lines().toList();
    assertEquals("trace hash " + hash + " (all runs combined)", lines.get(lines.size() - 2));
    assertEquals("re-run with --seed 5 to reproduce", lines.get(lines.size() - 1));
  }
}
