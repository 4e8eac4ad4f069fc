package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.internal.SimNetwork;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A crash loses timers, pending calls, queued messages, fields and unsynced writes; restart rebuilds. */
class CrashRestartTest {

  private static final long MS = 1_000_000L;

  record Ping(int n) {}

  record Pong(int n) {}

  private final Simulation sim = Simulation.builder().seed(1).traceLog(10_000).build();
  private final Cluster cluster = Cluster.create(sim);
  private final List<String> log = new ArrayList<>();

  CrashRestartTest() {
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(1))).build());
  }

  private void at(long ms, Runnable action) {
    sim.schedule(Duration.ofMillis(ms), action);
  }

  private void logAt(String what) {
    log.add(what + "@" + sim.now() / MS);
  }

  @Test
  void aCrashDropsTimersAndTheyNeverFireAfterRestartEither() {
    int[] incarnation = {0};
    NodeId a = cluster.add("a", () -> {
      int me = ++incarnation[0];
      return Scripted.starting(ctx -> {
        ctx.schedule(Duration.ofMillis(100), () -> logAt("timer100 of #" + me));
        ctx.schedule(Duration.ofMillis(10), () -> logAt("timer10 of #" + me));
      });
    });
    at(50, () -> cluster.crash(a));
    at(60, () -> cluster.restart(a));
    sim.runFor(Duration.ofMillis(300));
    // #1's 100 ms timer was due at 100 ms, after the crash at 50 and the restart at 60: it is lost.
    assertEquals(List.of("timer10 of #1@10", "timer10 of #2@70", "timer100 of #2@160"), log);
    assertEquals(2, incarnation[0], "the factory builds a fresh instance on restart");
  }

  @Test
  void aCrashDropsPendingCallsWhoseCallbacksNeverRun() {
    List<Call> calls = new ArrayList<>();
    NodeId a = cluster.add("a", () -> new Scripted(
        ctx -> {
          if (calls.isEmpty()) {
            calls.add(ctx.call(ctx.node("b"), new Ping(1), Duration.ofMillis(100))
                .onReply(r -> logAt("reply"))
                .onFailure(f -> logAt("failure " + f)));
          }
        },
        (ctx, e) -> logAt("onMessage " + e.message())));
    // b answers after 30 ms, when a has crashed and restarted
    cluster.add("b", () -> Scripted.handling((ctx, e) ->
        ctx.schedule(Duration.ofMillis(30), () -> ctx.reply(e, new Pong(1)))));
    at(10, () -> cluster.crash(a));
    at(20, () -> cluster.restart(a));
    sim.runFor(Duration.ofMillis(300));
    // Neither the reply callback nor the timeout (due at 100 ms) ran; the new instance sees the
    // answer as an ordinary message.
    assertEquals(List.of("onMessage Pong[n=1]@32"), log);
    assertTrue(calls.get(0).isDone(), "the abandoned call is finished");
    assertTrue(sim.trace().events().stream().noneMatch(ev -> ev.kind() == TraceKind.CALL_TIMEOUT));
  }

  @Test
  void messagesArrivingWhileDownAreDroppedAsCrash() {
    NodeId a = cluster.add("a", Scripted::idle);
    NodeId b = cluster.add("b", () -> Scripted.handling((ctx, e) -> logAt("got " + e.message())));
    at(5, () -> cluster.crash(b));
    for (int i = 0; i < 3; i++) {
      int n = i;
      at(10 + i, () -> ((SimNetwork) cluster.network()).send(a, b, new Ping(n), 0, false));
    }
    at(20, () -> cluster.restart(b));
    at(30, () -> ((SimNetwork) cluster.network()).send(a, b, new Ping(9), 0, false));
    sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of("got Ping[n=9]@31"), log);
    assertEquals(3, cluster.stats().dropped(DropReason.CRASH));
    assertEquals(1, cluster.stats().delivered());
    assertEquals(1, cluster.handled(b));
    List<Long> dropTimes = sim.trace().events().stream()
        .filter(ev -> ev.kind() == TraceKind.DROP && ev.label().equals("CRASH"))
        .map(TraceEvent::time).toList();
    assertEquals(List.of(11 * MS, 12 * MS, 13 * MS), dropTimes, "dropped at arrival");
  }

  @Test
  void aMessageHeldForOnStartIsDroppedIfTheNodeCrashesFirst() {
    NodeId a = cluster.add("a", Scripted::idle);
    NodeId b = cluster.add("b", () -> new Scripted(ctx -> logAt("start"), (ctx, e) -> logAt("got " + e.message())));
    at(5, () -> cluster.crash(b));
    at(10, () -> cluster.restart(b));
    at(9, () -> {
      ((SimNetwork) cluster.network()).send(a, b, new Ping(1), 0, false); // arrives at 10 ms, after the restart
      at(1, () -> cluster.crash(b)); // then, still at 10 ms, before that restart's onStart ran
      at(1, () -> cluster.restart(b));
    });
    sim.runFor(Duration.ofMillis(20));
    assertEquals(List.of("start@0", "start@10"), log);
    assertEquals(1, cluster.stats().dropped(DropReason.CRASH));
    assertEquals(0, cluster.stats().inFlight());
  }

  @Test
  void aMessageArrivingJustAfterTheRestartIsHandledAfterOnStart() {
    NodeId a = cluster.add("a", Scripted::idle);
    NodeId b = cluster.add("b", () -> new Scripted(ctx -> logAt("start"), (ctx, e) -> logAt("got " + e.message())));
    at(5, () -> cluster.crash(b));
    at(10, () -> cluster.restart(b));
    at(9, () -> ((SimNetwork) cluster.network()).send(a, b, new Ping(1), 0, false)); // arrives at 10 ms, after the restart
    sim.runFor(Duration.ofMillis(20));
    assertEquals(List.of("start@0", "start@10", "got Ping[n=1]@10"), log,
        "onStart runs before any message of its incarnation");
    assertEquals(1, cluster.handled(b));
  }

  @Test
  void messagesQueuedOrInServiceAtTheCrashAreDroppedAsCrash() {
    Capacity slow = Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(10))).concurrency(1).build();
    NodeId a = cluster.add("a", Scripted::idle);
    NodeId b = cluster.add("b", NodeOptions.custom().capacity(slow).build(),
        () -> Scripted.handling((ctx, e) -> logAt("got " + e.message())));
    for (int i = 0; i < 4; i++) {
      ((SimNetwork) cluster.network()).send(a, b, new Ping(i), 0, false);
    }
    // Arrive at 1 ms: Ping 0 in service until 11 ms, Pings 1-3 queued. Crash at 5 ms.
    at(5, () -> {
      assertEquals(3, cluster.inboxDepth(b));
      cluster.crash(b);
      assertEquals(0, cluster.inboxDepth(b));
    });
    at(6, () -> cluster.restart(b));
    sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of(), log);
    assertEquals(4, cluster.stats().dropped(DropReason.CRASH));
    assertEquals(0, cluster.stats().inFlight());

    // After the restart the node serves again with a full complement of workers.
    ((SimNetwork) cluster.network()).send(a, b, new Ping(7), 0, false);
    sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of("got Ping[n=7]@111"), log);
  }

  @Test
  void unsyncedWritesAreLostAndSyncedOnesSurviveForTheNewInstance() {
    List<Object> seenAtStart = new ArrayList<>();
    NodeId a = cluster.add("a", () -> Scripted.starting(ctx -> {
      Storage s = ctx.storage();
      seenAtStart.add(new TreeSet<>(s.keys()) + " x=" + s.get("x") + " y=" + s.get("y") + " z=" + s.get("z"));
      if (s.get("x") == null) {
        s.put("x", 1);
        s.put("z", 3);
        s.sync();
        s.put("y", 2); // never synced
        s.remove("z"); // never synced
        s.put("x", 10); // never synced
        assertEquals(3, s.unsyncedWrites());
        assertEquals(10, s.get("x"), "unsynced writes are visible before the crash");
        assertNull(s.get("z"));
        assertEquals(Set.of("x", "y"), s.keys());
      }
    }));
    at(10, () -> cluster.crash(a));
    at(20, () -> cluster.restart(a));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("[] x=null y=null z=null", "[x, z] x=1 y=null z=3"), seenAtStart);
    assertEquals(0, cluster.storage(a).unsyncedWrites());
  }

  @Test
  void theOldContextCannotActAfterTheCrash() {
    List<NodeContext> contexts = new ArrayList<>();
    List<Envelope> received = new ArrayList<>();
    NodeId a = cluster.add("a", () -> new Scripted(contexts::add, (ctx, e) -> received.add(e)));
    NodeId b = cluster.add("b", Scripted::idle);
    ((SimNetwork) cluster.network()).send(b, a, new Ping(1), 0, true);
    sim.runFor(Duration.ofMillis(5));
    NodeContext old = contexts.get(0);
    Envelope request = received.get(0);
    cluster.crash(a);
    assertStale(old, b, request);
    cluster.restart(a);
    sim.runFor(Duration.ofMillis(5));
    assertEquals(2, contexts.size());
    assertStale(old, b, request);
    contexts.get(1).send(b, new Ping(2)); // the new one can
    assertEquals(0, cluster.stats().dropped(DropReason.CRASH));
  }

  private static void assertStale(NodeContext old, NodeId b, Envelope request) {
    List<Runnable> actions = List.of(
        () -> old.send(b, new Ping(0)),
        () -> old.reply(request, new Pong(0)),
        () -> old.call(b, new Ping(0), Duration.ofMillis(1)),
        () -> old.schedule(Duration.ofMillis(1), () -> {}));
    for (Runnable r : actions) {
      IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
      assertTrue(e.getMessage().contains("node a has crashed"), e.getMessage());
    }
  }

  @Test
  void crashAndRestartInTheWrongStateAreRejected() {
    NodeId a = cluster.add("a", Scripted::idle);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.restart(a));
    assertTrue(e.getMessage().contains("node a") && e.getMessage().contains("running"), e.getMessage());
    cluster.crash(a);
    assertFalse(cluster.isUp(a));
    assertNull(cluster.node(a), "the volatile instance is gone");
    e = assertThrows(IllegalStateException.class, () -> cluster.crash(a));
    assertTrue(e.getMessage().contains("node a") && e.getMessage().contains("already down"), e.getMessage());
    cluster.restart(a);
    assertTrue(cluster.isUp(a));
  }

  @Test
  void crashesAndRestartsAreTraced() {
    NodeId a = cluster.add("a", Scripted::idle);
    long before = sim.trace().hash();
    cluster.crash(a);
    long afterCrash = sim.trace().hash();
    cluster.restart(a);
    assertTrue(before != afterCrash && afterCrash != sim.trace().hash());
    List<TraceKind> kinds = sim.trace().events().stream().map(TraceEvent::kind)
        .filter(k -> k == TraceKind.CRASH || k == TraceKind.RESTART).toList();
    assertEquals(List.of(TraceKind.CRASH, TraceKind.RESTART), kinds);
  }
}
