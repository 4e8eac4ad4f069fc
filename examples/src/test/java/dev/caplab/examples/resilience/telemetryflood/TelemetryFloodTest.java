package dev.caplab.examples.resilience.telemetryflood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.fault.Fault;
import dev.caplab.fault.TimedFault;
import dev.caplab.report.Block;
import dev.caplab.report.Report;
import dev.caplab.report.TextReport;
import dev.caplab.report.Unit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The telemetry-flood findings over several seeds, read from the report as a program would. */
class TelemetryFloodTest {

  private static final int SEEDS = 4;
  private static final List<String> SERVERS = List.of("shed429", "boundedQueue", "unbounded");
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new TelemetryFlood(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static List<TimedFault> faults(Report r, String server) {
    return r.blocks().stream().filter(b -> b instanceof Block.FaultTimeline t && t.label().equals(server))
        .map(b -> ((Block.FaultTimeline) b).faults()).findFirst().orElseThrow();
  }

  @Test
  void sheddingDrainsWithoutCrashingWhileTheUnboundedQueueCrashes() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(0, count(r, "shed429.crashed"), at);
      assertTrue(r.metric("shed429.drainedAfter").value() != null, at + "shedding never drained");
      assertTrue(count(r, "shed429.shed") > 0, at + "the flood was never shed");
      assertTrue(count(r, "shed429.peakQueue") <= TelemetryFlood.SHED_QUEUE, at);
      assertEquals(0, count(r, "boundedQueue.crashed"), at);
      assertTrue(r.metric("boundedQueue.drainedAfter").value() != null, at);
      assertTrue(count(r, "boundedQueue.shed") > count(r, "shed429.shed"), at + "devices without Retry-After knock more");
      assertTrue(count(r, "unbounded.crashed") > 0, at + "the unbounded queue never crashed");
      assertTrue(count(r, "unbounded.peakQueue") > TelemetryFlood.MEMORY_LIMIT, at);
      for (String s : SERVERS) {
        assertEquals(count(r, s + ".produced"), count(r, s + ".accepted"), at + s + ": every reading stored in the end");
        assertEquals(0, count(r, s + ".backlogAtEnd"), at + s);
      }
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  @Test
  void thePlannedOutageAndTheOutOfMemoryKillsShareOneFaultTimeline() {
    List<TimedFault> outage = List.of(
        new TimedFault(TelemetryFlood.DOWN_AT, new Fault.Crash(TelemetryFlood.SERVER)),
        new TimedFault(TelemetryFlood.BACK_AT, new Fault.Restart(TelemetryFlood.SERVER)));
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertEquals(outage, faults(r, "shed429"), at);
      assertEquals(outage, faults(r, "boundedQueue"), at);
      List<TimedFault> faults = faults(r, "unbounded");
      assertEquals(outage, faults.subList(0, 2), at + faults);
      List<TimedFault> kills = faults.subList(2, faults.size());
      long killed = kills.stream().filter(t -> t.fault() instanceof Fault.Crash).count();
      assertEquals(count(r, "unbounded.crashed"), killed, at + faults);
      for (int i = 0; i < kills.size(); i++) {
        TimedFault kill = kills.get(i);
        boolean expected = i % 2 == 0 ? kill.fault() instanceof Fault.Crash : kill.fault() instanceof Fault.Restart;
        assertTrue(expected, at + "kills alternate crash, restart: " + faults);
        assertTrue(i == 0 || kill.at().compareTo(kills.get(i - 1).at()) >= 0, at + "out of time order: " + faults);
      }
    }
  }

  @Test
  void theQueueSeriesPeaksWhereThePeakQueueSays() {
    Report r = run(2);
    Block.TimeSeries queue = r.blocks().stream().filter(b -> b instanceof Block.TimeSeries t && t.name().equals("queue"))
        .map(b -> (Block.TimeSeries) b).findFirst().orElseThrow();
    assertEquals(SERVERS, queue.lines().stream().map(Block.Line::label).toList());
    for (Block.Line l : queue.lines()) {
      double max = 0;
      for (double v : l.values()) {
        max = Math.max(max, v);
      }
      assertEquals(count(r, l.label() + ".peakQueue"), (long) max, l.label());
      for (long t : l.times()) {
        assertTrue(t < TelemetryFlood.DOWN_AT.toNanos() || t >= TelemetryFlood.BACK_AT.toNanos(),
            l.label() + ": a sample while the server was down, at " + t);
      }
    }
  }

  @Test
  void durationsAreNanoseconds() {
    Report r = run(3);
    assertEquals("shed429, boundedQueue, unbounded", r.header().variant());
    assertEquals(20_000_000_000L, r.metric("outage").value());
    for (String s : SERVERS) {
      assertEquals(Unit.NANOSECONDS, r.metric(s + ".drainedAfter").unit(), s);
      assertEquals(Unit.COUNT, r.metric(s + ".shed").unit(), s);
    }
    assertEquals(Unit.NANOSECONDS, r.check("sheddingDrainsWithoutCrashing").evidence().get(1).unit());
  }

  @Test
  void theTextComparesTheThreeServers() {
    String prose = TextReport.render(run(1)).replaceAll("\\s+", " ");
    assertTrue(prose.contains("- shed429 (load shedding: 429 + Retry-After): never crashed; the backlog was stored"
        + " 3.24s after the server came back. It turned away 525 sends (4% as many as the readings it stored)."), prose);
    assertTrue(prose.contains("- unbounded (no bound, until memory runs out): crashed once when more than 2000"
        + " readings waited in memory; 5069 messages died with it and had to be sent again;"), prose);
    assertTrue(prose.contains("turned away 22x fewer sends than the bounded queue"), prose);
    assertTrue(prose.contains("so the backlog took 3.24s instead of 1.72s."), prose);
  }
}
