package dev.caplab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.internal.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static final long MS = 1_000_000L;

  @Test
  void scheduledActionsRunAtTheirTimeInTimeThenScheduleOrder() {
    Simulation sim = Simulation.withSeed(1);
    List<String> log = new ArrayList<>();
    sim.schedule(Duration.ofMillis(5), () -> log.add("b@" + sim.now()));
    sim.schedule(Duration.ofMillis(1), () -> log.add("a@" + sim.now()));
    sim.schedule(Duration.ofMillis(5), () -> log.add("c@" + sim.now()));
    sim.schedule(Duration.ZERO, () -> {
      log.add("zero@" + sim.now());
      // scheduled from inside an event: after everything already due at the same time
      sim.schedule(Duration.ZERO, () -> log.add("nested@" + sim.now()));
    });
    sim.runUntilQuiescent();
    assertEquals(List.of("zero@0", "nested@0", "a@" + MS, "b@" + 5 * MS, "c@" + 5 * MS), log);
    assertEquals(5 * MS, sim.now());
    assertEquals(5, sim.eventsProcessed());
    assertEquals(0, sim.pendingEvents());
  }

  @Test
  void runForProcessesEventsUpToAndIncludingTheEndThenStopsTimeThere() {
    Simulation sim = Simulation.withSeed(1);
    List<Long> fired = new ArrayList<>();
    for (int ms = 1; ms <= 20; ms++) {
      sim.schedule(Duration.ofMillis(ms), () -> fired.add(sim.now()));
    }
    sim.runFor(Duration.ofMillis(10));
    assertEquals(10, fired.size(), "events at 1..10 ms run, including the one exactly at the end");
    assertEquals(10 * MS, sim.now());
    assertEquals(10, sim.pendingEvents());

    sim.runFor(Duration.ofMillis(2).plusNanos(500_000));
    assertEquals(12, fired.size());
    assertEquals(12 * MS + 500_000, sim.now(), "time stops at the end of runFor, not at the last event");

    Simulation idle = Simulation.withSeed(1);
    idle.runFor(Duration.ofSeconds(3));
    assertEquals(3_000 * MS, idle.now(), "time advances even with no events");
  }

  @Test
  void runUntilStopsAsSoonAsTheConditionHolds() {
    Simulation sim = Simulation.withSeed(1);
    int[] count = new int[1];
    for (int ms = 1; ms <= 10; ms++) {
      sim.schedule(Duration.ofMillis(ms), () -> count[0]++);
    }
    assertTrue(sim.runUntil(() -> count[0] == 4));
    assertEquals(4, count[0]);
    assertEquals(4 * MS, sim.now());
    assertTrue(sim.runUntil(() -> count[0] >= 4), "a condition that already holds runs nothing");
    assertEquals(4 * MS, sim.now());
    assertEquals(6, sim.pendingEvents());
  }

  @Test
  void runUntilWithALimitReturnsFalseAndStopsAtTheLimit() {
    Simulation sim = Simulation.withSeed(1);
    int[] count = new int[1];
    for (int ms = 1; ms <= 10; ms++) {
      sim.schedule(Duration.ofMillis(ms), () -> count[0]++);
    }
    assertFalse(sim.runUntil(() -> count[0] == 100, Duration.ofMillis(3).plusNanos(250_000)));
    assertEquals(3, count[0]);
    assertEquals(3 * MS + 250_000, sim.now(), "time stops at the limit");
    assertEquals(7, sim.pendingEvents());
  }

  @Test
  void runUntilReturnsFalseWhenEventsRunOut() {
    Simulation sim = Simulation.withSeed(1);
    sim.schedule(Duration.ofMillis(2), () -> {});
    assertFalse(sim.runUntil(() -> false));
    assertEquals(2 * MS, sim.now());
  }

  @Test
  void runUntilQuiescentDrainsEventsScheduledByEvents() {
    Simulation sim = Simulation.withSeed(1);
    int[] remaining = {100};
    Runnable[] tick = new Runnable[1];
    tick[0] = () -> {
      if (--remaining[0] > 0) {
        sim.schedule(Duration.ofMillis(1), tick[0]);
      }
    };
    sim.schedule(Duration.ofMillis(1), tick[0]);
    sim.runUntilQuiescent();
    assertEquals(0, remaining[0]);
    assertEquals(100 * MS, sim.now());
    assertEquals(100, sim.eventsProcessed());
  }

  @Test
  void stepProcessesOneEvent() {
    Simulation sim = Simulation.withSeed(1);
    sim.schedule(Duration.ofMillis(1), () -> {});
    sim.schedule(Duration.ofMillis(2), () -> {});
    assertTrue(sim.step());
    assertEquals(MS, sim.now());
    assertTrue(sim.step());
    assertFalse(sim.step());
    assertEquals(2 * MS, sim.now());
  }

  @Test
  void reentrantRunsAreRejected() {
    Simulation sim = Simulation.withSeed(1);
    List<Runnable> reentrant =
        List.of(
            () -> sim.runFor(Duration.ofMillis(1)),
            () -> sim.runUntil(() -> true),
            () -> sim.runUntil(() -> true, Duration.ofMillis(1)),
            sim::runUntilQuiescent,
            sim::step);
    List<IllegalStateException> thrown = new ArrayList<>();
    for (Runnable r : reentrant) {
      sim.schedule(Duration.ofMillis(1), () -> thrown.add(assertThrows(IllegalStateException.class, r::run)));
    }
    sim.runUntilQuiescent();
    assertEquals(reentrant.size(), thrown.size());
    for (IllegalStateException e : thrown) {
      assertTrue(e.getMessage().contains("already running"), e.getMessage());
    }
    // The failed attempts left the simulation usable.
    sim.schedule(Duration.ofMillis(1), () -> {});
    sim.runUntilQuiescent();
    assertEquals(2 * MS, sim.now());
  }

  @Test
  void anExceptionInAnEventLeavesTheSimulationRunnable() {
    Simulation sim = Simulation.withSeed(1);
    sim.schedule(Duration.ofMillis(1), () -> {
      throw new IllegalArgumentException("boom");
    });
    sim.schedule(Duration.ofMillis(2), () -> {});
    assertThrows(IllegalArgumentException.class, sim::runUntilQuiescent);
    sim.runUntilQuiescent();
    assertEquals(2 * MS, sim.now());
  }

  @Test
  void negativeDelaysAndTimesAreRejectedNamingTheValue() {
    Simulation sim = Simulation.withSeed(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sim.schedule(-5, () -> {}));
    assertTrue(e.getMessage().contains("delay") && e.getMessage().contains("-5"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> sim.schedule(Duration.ofMillis(-3), () -> {}));
    assertTrue(e.getMessage().contains("delay") && e.getMessage().contains("got -3ms"),
        e.getMessage());

    int sink = EventLoop.of(sim).registerSink((kind, aux, payload) -> {});
    e = assertThrows(IllegalArgumentException.class, () -> EventLoop.of(sim).schedule(-7, sink, 1, 0, null));
    assertTrue(e.getMessage().contains("delay") && e.getMessage().contains("-7"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> sim.runFor(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("duration") && e.getMessage().contains("got -1s"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> sim.runUntil(() -> true, Duration.ofSeconds(-2)));
    assertTrue(e.getMessage().contains("limit") && e.getMessage().contains("got -2s"), e.getMessage());

    sim.runFor(Duration.ofMillis(1));
    e = assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(10, () -> {}));
    assertTrue(e.getMessage().contains("timeNanos") && e.getMessage().contains("10"), e.getMessage());

    assertEquals(0, sim.pendingEvents(), "nothing rejected was scheduled");
  }

  @Test
  void aDelayPastTheEndOfTimeIsRejectedRatherThanWrappingIntoThePast() {
    Simulation sim = Simulation.withSeed(1);
    sim.runForNanos(10);
    int sink = EventLoop.of(sim).registerSink((kind, aux, payload) -> {});
    long room = Long.MAX_VALUE - 10;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sim.schedule(Long.MAX_VALUE, () -> {}));
    assertTrue(e.getMessage().contains("delay") && e.getMessage().contains(Long.toString(Long.MAX_VALUE))
        && e.getMessage().contains(Long.toString(room)), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EventLoop.of(sim).schedule(room + 1, sink, 1, 0, null));
    assertTrue(e.getMessage().contains("delay") && e.getMessage().contains(Long.toString(room + 1)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sim.schedule(Duration.ofNanos(Long.MAX_VALUE), () -> {}));
    assertEquals(0, sim.pendingEvents(), "nothing rejected was scheduled");

    sim.schedule(room, () -> {}); // the very last instant is still a time
    assertTrue(sim.step());
    assertEquals(Long.MAX_VALUE, sim.now());
  }

  @Test
  void sinkEventsCarryKindAuxAndPayload() {
    Simulation sim = Simulation.withSeed(1);
    List<String> got = new ArrayList<>();
    int sink = EventLoop.of(sim).registerSink((kind, aux, payload) -> got.add(kind + "/" + aux + "/" + payload + "@" + sim.now()));
    EventLoop.of(sim).schedule(3, sink, 255, -42L, "x");
    EventLoop.of(sim).schedule(1, sink, 0, Long.MAX_VALUE, "y");
    sim.runUntilQuiescent();
    assertEquals(List.of("0/" + Long.MAX_VALUE + "/y@1", "255/-42/x@3"), got);
    assertThrows(IllegalArgumentException.class, () -> EventLoop.of(sim).schedule(1, sink, 256, 0, null));
    assertThrows(IllegalArgumentException.class, () -> EventLoop.of(sim).schedule(1, sink + 1, 0, 0, null));
    assertThrows(IllegalArgumentException.class, () -> EventLoop.of(sim).schedule(1, 0, 0, 0, null));
  }

  @Test
  void builderSetsStartTime() {
    Simulation sim = Simulation.builder().seed(9).start(Duration.ofSeconds(10)).build();
    assertEquals(9, sim.seed());
    assertEquals(10_000 * MS, sim.now());
    assertEquals(sim.now(), sim.ticker().nanos());
  }

  @Test
  void sameSeedAndNameGiveTheSameSequence() {
    assertArrayEquals(draw(Simulation.withSeed(42).random("network"), 1000),
        draw(Simulation.withSeed(42).random("network"), 1000));
    Simulation sim = Simulation.withSeed(42);
    assertSame(sim.random("x"), sim.random("x"), "one stream object per name");
  }

  @Test
  void differentSeedsOrNamesGiveDifferentSequences() {
    long[] base = draw(Simulation.withSeed(42).random("network"), 100);
    assertFalse(java.util.Arrays.equals(base, draw(Simulation.withSeed(43).random("network"), 100)));
    assertFalse(java.util.Arrays.equals(base, draw(Simulation.withSeed(42).random("networK"), 100)));
  }

  @Test
  void addingAStreamDoesNotChangeAnotherStreamsNumbers() {
    Simulation alone = Simulation.withSeed(7);
    long[] expected = draw(alone.random("node/a"), 500);

    Simulation crowded = Simulation.withSeed(7);
    RandomGenerator other = crowded.random("network");
    RandomGenerator third = crowded.random("nemesis");
    RandomGenerator a = crowded.random("node/a");
    long[] interleaved = new long[500];
    for (int i = 0; i < interleaved.length; i++) {
      other.nextLong();
      third.nextDouble();
      interleaved[i] = a.nextLong();
    }
    assertArrayEquals(expected, interleaved);
  }

  @Test
  void deriveSeedIsAPureFunctionThatSeparatesNamesAndSeeds() {
    assertEquals(Simulation.deriveSeed(5, "network"), Simulation.deriveSeed(5, "network"));
    Set<Long> seeds = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      names.add("node/n" + i);
    }
    names.addAll(List.of("network", "nemesis", "", "a", "b", "ab", "ba"));
    for (String name : names) {
      assertTrue(seeds.add(Simulation.deriveSeed(5, name)), "collision for name '" + name + "'");
    }
    for (long seed = 0; seed < 1000; seed++) {
      assertTrue(seeds.add(Simulation.deriveSeed(seed + 1000, "network")), "collision for seed " + seed);
    }
    // Neighbouring seeds and names differ in about half of the bits (the finaliser spreads them).
    int bits = Long.bitCount(Simulation.deriveSeed(1, "network") ^ Simulation.deriveSeed(2, "network"));
    assertTrue(bits > 16 && bits < 48, "bits differing: " + bits);
    bits = Long.bitCount(Simulation.deriveSeed(1, "node/a") ^ Simulation.deriveSeed(1, "node/b"));
    assertTrue(bits > 16 && bits < 48, "bits differing: " + bits);
  }

  @Test
  void traceHashChangesWithEveryRecordedDetail() {
    long base = traceOf(TraceKind.SEND, 1, 2, 3, "x");
    assertEquals(base, traceOf(TraceKind.SEND, 1, 2, 3, "x"));
    assertNotEquals(base, traceOf(TraceKind.DELIVER, 1, 2, 3, "x"));
    assertNotEquals(base, traceOf(TraceKind.SEND, 2, 1, 3, "x"));
    assertNotEquals(base, traceOf(TraceKind.SEND, 1, 2, 4, "x"));
    assertNotEquals(base, traceOf(TraceKind.SEND, 1, 2, 3, "y"));
    assertNotEquals(base, traceOf(TraceKind.SEND, 1, 2, 3, String.class));
    assertEquals(traceOf(TraceKind.SEND, 1, 2, 3, String.class), traceOf(TraceKind.SEND, 1, 2, 3, String.class));
  }

  @Test
  void traceLogKeepsTheMostRecentEvents() {
    Simulation sim = Simulation.builder().traceLog(3).build();
    for (int i = 0; i < 5; i++) {
      EventLoop.of(sim).recorder().record(TraceKind.FAULT, i, -1, i, "f" + i);
    }
    assertEquals(5, sim.trace().count());
    assertEquals(2, sim.trace().evicted());
    List<TraceEvent> events = sim.trace().events();
    assertEquals(List.of("f2", "f3", "f4"), events.stream().map(TraceEvent::label).toList());
    assertEquals(16, sim.trace().hashHex().length());
    assertThrows(IllegalArgumentException.class, () -> Simulation.builder().traceLog(-1));
  }

  private static long traceOf(TraceKind kind, int from, int to, long detail, Object label) {
    Simulation sim = Simulation.withSeed(1);
    EventLoop.of(sim).recorder().record(kind, from, to, detail, label);
    return sim.trace().hash();
  }

  private static long[] draw(RandomGenerator r, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextLong();
    }
    return out;
  }
}
