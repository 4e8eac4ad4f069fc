package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.internal.EventLoop;
import dev.caplab.sim.internal.EventSink;
import dev.caplab.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator at its boundaries: runs that start after time 0, events due exactly at a limit,
 * events scheduled for the current instant, and more event sinks than the loop first makes room
 * for.
 */
class SimulationEdgesTest {

  private static final long MS = 1_000_000L;

  /** A simulation with an event every millisecond from 1 ms to 20 ms, logging the times. */
  private static Simulation everyMillisecond(List<Long> log) {
    Simulation sim = Simulation.withSeed(1);
    for (int t = 1; t <= 20; t++) {
      sim.schedule(t * MS, () -> log.add(sim.now()));
    }
    return sim;
  }

  @Test
  void runUntilsLimitCountsFromNowNotFromTimeZero() {
    List<Long> log = new ArrayList<>();
    Simulation sim = everyMillisecond(log);
    sim.runFor(Duration.ofMillis(5));
    assertEquals(5, log.size());

    assertFalse(sim.runUntil(() -> false, Duration.ofMillis(2)));
    assertEquals(7 * MS, sim.now(), "the limit ends 2 ms after the 5 ms the run started at");
    assertEquals(List.of(6 * MS, 7 * MS), log.subList(5, log.size()));
  }

  @Test
  void anEventDueExactlyAtTheLimitRuns() {
    List<Long> log = new ArrayList<>();
    Simulation sim = everyMillisecond(log);
    assertFalse(sim.runUntil(() -> false, Duration.ofMillis(3)));
    assertEquals(List.of(1 * MS, 2 * MS, 3 * MS), log);
    sim.runForNanos(2 * MS);
    assertEquals(List.of(1 * MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS), log);
    assertEquals(5 * MS, sim.now());
  }

  @Test
  void runUntilWithoutALimitFromALaterStartRunsToTheLastEvent() {
    List<Long> log = new ArrayList<>();
    Simulation sim = everyMillisecond(log);
    sim.runFor(Duration.ofMillis(5));
    assertFalse(sim.runUntil(() -> false));
    assertEquals(20, log.size());
    assertEquals(20 * MS, sim.now());
  }

  @Test
  void anEventScheduledAtTheCurrentInstantRunsNow() {
    Simulation sim = Simulation.withSeed(1);
    sim.runFor(Duration.ofMillis(4));
    List<Long> log = new ArrayList<>();
    sim.scheduleAt(sim.now(), () -> log.add(sim.now()));
    assertTrue(sim.step());
    assertEquals(List.of(4 * MS), log);
    assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(sim.now() - 1, () -> {}));
  }

  @Test
  void negativeDurationsAndSinkDelaysAreRejectedNamingTheValue() {
    Simulation sim = Simulation.withSeed(1);
    sim.runFor(Duration.ofMillis(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.runForNanos(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage()); // the wording is the checks' own
    assertEquals(MS, sim.now(), "a rejected run leaves the clock alone");

    EventLoop loop = EventLoop.of(sim);
    int sink = loop.registerSink((kind, aux, payload) -> {});
    e = assertThrows(IllegalArgumentException.class, () -> loop.schedule(-1, sink, 0, 0, null));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertEquals(0, sim.pendingEvents());
  }

  @Test
  void moreSinksThanTheInitialRoomEachGetTheirOwnEvents() {
    Simulation sim = Simulation.withSeed(1);
    EventLoop loop = EventLoop.of(sim);
    List<String> got = new ArrayList<>();
    int[] ids = new int[9];
    for (int s = 0; s < ids.length; s++) {
      String name = "sink" + s;
      ids[s] = loop.registerSink((kind, aux, payload) -> got.add(name + ":" + kind + "/" + aux + "/" + payload));
    }
    for (int s = 0; s < ids.length; s++) {
      loop.schedule(s, ids[s], s, 10 + s, "p" + s);
    }
    sim.runUntilQuiescent();
    List<String> expected = new ArrayList<>();
    for (int s = 0; s < ids.length; s++) {
      expected.add("sink" + s + ":" + s + "/" + (10 + s) + "/p" + s);
    }
    assertEquals(expected, got);
  }

  @Test
  void aLimitLongerThanTheRestOfVirtualTimeRunsOnToTheEvent() {
    // now + limit would wrap past Long.MAX_VALUE into the past and end the run before it starts
    Simulation sim = Simulation.withSeed(1);
    sim.runFor(Duration.ofMillis(1));
    boolean[] ran = new boolean[1];
    sim.schedule(Duration.ofMillis(1), () -> ran[0] = true);
    assertTrue(sim.runUntil(() -> ran[0], Duration.ofNanos(Long.MAX_VALUE)));
    assertEquals(2 * MS, sim.now());
    assertFalse(sim.runUntil(() -> false, Duration.ofNanos(Long.MAX_VALUE - 1)), "no events left");
    assertEquals(2 * MS, sim.now(), "running out of events leaves the clock at the last one");
  }

  @Test
  void sinkIdsFillTheTwentyFourBitsAnEventKeepsForThemAndNoMore() {
    // an event keeps its sink in the 24 bits above its kind: id 0xFFFFFF is the last that fits
    Simulation sim = Simulation.withSeed(1);
    EventLoop loop = EventLoop.of(sim);
    EventSink idle = (kind, aux, payload) -> {};
    for (int id = 1; id < 0xFFFFFF; id++) {
      loop.registerSink(idle);
    }
    List<String> got = new ArrayList<>();
    int last = loop.registerSink((kind, aux, payload) -> got.add(kind + "/" + aux + "/" + payload));
    assertEquals(0xFFFFFF, last);
    loop.schedule(0, last, 0xFF, 7, "p");
    sim.runUntilQuiescent();
    assertEquals(List.of("255/7/p"), got, "the last id reaches its own sink");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.registerSink(idle));
    assertTrue(e.getMessage().contains(String.valueOf(0x1000000)), e.getMessage());
  }

  @Test
  void theSchedulerRunsActionsOnVirtualTimeAndACancelledOneNever() {
    Simulation sim = Simulation.withSeed(1);
    List<String> log = new ArrayList<>();
    Scheduler scheduler = sim.scheduler();
    scheduler.schedule(2 * MS, () -> log.add("kept@" + sim.now()));
    Scheduler.Cancellable dropped = scheduler.schedule(MS, () -> log.add("dropped@" + sim.now()));
    dropped.cancel();
    sim.runUntilQuiescent();
    assertEquals(List.of("kept@" + 2 * MS), log);
    assertEquals(2, sim.eventsProcessed(), "the cancelled action's event still passes, doing nothing");
  }
}
