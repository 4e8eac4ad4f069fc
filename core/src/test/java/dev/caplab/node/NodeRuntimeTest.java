package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.internal.SimNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls, capacity, clocks, timers and handler failures of the node runtime. */
class NodeRuntimeTest {

  private static final long MS = 1_000_000L;

  record Get(int key) {}

  record Got(int key, String value) {}

  record Job(int n) {}

  private final Simulation sim = Simulation.withSeed(1);
  private final Cluster cluster = Cluster.create(sim);
  private final List<String> log = new ArrayList<>();

  NodeRuntimeTest() {
    latency(1);
  }

  private void latency(long ms) {
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(ms))).build());
  }

  private void logAt(String what) {
    log.add(what + "@" + sim.now() / MS);
  }

  /** A server that answers Get(k) with Got(k, "v" + k) after {@code delayMs}. */
  private NodeId server(String name, long delayMs) {
    return cluster.add(name, () -> Scripted.handling((ctx, e) -> {
      if (e.message() instanceof Get g) {
        ctx.schedule(Duration.ofMillis(delayMs), () -> ctx.reply(e, new Got(g.key(), "v" + g.key())));
      }
    }));
  }

  /** A client that calls {@code server} once at start, logging the outcome and other messages. */
  private NodeId client(Duration timeout, List<Call> calls) {
    return cluster.add("client", () -> new Scripted(
        ctx -> calls.add(ctx.call(ctx.node("server"), new Get(7), timeout)
            .onReply(r -> logAt("reply " + r.message() + " inReplyTo=" + r.inReplyTo()))
            .onFailure(f -> logAt("failure " + f))),
        (ctx, e) -> logAt("onMessage " + e.message())));
  }

  // ---- calls -----------------------------------------------------------------------------------

  @Test
  void aReplyCompletesTheCallWithTheReply() {
    List<Call> calls = new ArrayList<>();
    server("server", 3);
    client(Duration.ofMillis(100), calls);
    sim.runUntilQuiescent();
    long id = calls.get(0).id();
    assertEquals(List.of("reply Got[key=7, value=v7] inReplyTo=" + id + "@5"), log);
    assertTrue(calls.get(0).isDone());
  }

  @Test
  void noReplyFailsWithTimeoutExactlyAtTheTimeout() {
    List<Call> calls = new ArrayList<>();
    cluster.add("server", Scripted::idle);
    sim.runFor(Duration.ofMillis(2)); // the call starts at 2 ms
    client(Duration.ofMillis(25).plusNanos(3), calls);
    List<Long> failedAt = new ArrayList<>();
    sim.runUntilQuiescent();
    calls.get(0).onFailure(f -> failedAt.add(sim.now())); // too late to matter: already failed
    assertEquals(List.of("failure TIMEOUT@27"), log);
    assertEquals(27 * MS + 3, sim.now(), "the timeout fired at exactly start + timeout");
    assertTrue(failedAt.isEmpty(), "a call completes once");
  }

  @Test
  void aLateReplyGoesToOnMessage() {
    List<Call> calls = new ArrayList<>();
    server("server", 50);
    client(Duration.ofMillis(20), calls);
    sim.runUntilQuiescent();
    assertEquals(List.of("failure TIMEOUT@20", "onMessage Got[key=7, value=v7]@52"), log);
  }

  @Test
  void aDuplicatedReplyCompletesTheCallOnceAndTheCopyGoesToOnMessage() {
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).duplication(1.0).build());
    List<Call> calls = new ArrayList<>();
    cluster.add("server", () -> Scripted.handling((ctx, e) -> {
      if (e.message() instanceof Get g && !e.isReply()) {
        ctx.reply(e, new Got(g.key(), "v"));
      }
    }));
    cluster.add("client", () -> new Scripted(
        ctx -> calls.add(ctx.call(ctx.node("server"), new Get(1), Duration.ofMillis(100))
            .onReply(r -> logAt("reply"))
            .onFailure(f -> logAt("failure " + f))),
        (ctx, e) -> logAt("onMessage " + e.message().getClass().getSimpleName())));
    sim.runUntilQuiescent();
    // The request arrives twice, so two replies are sent, each duplicated: one completes the call.
    assertEquals(List.of("reply@2", "onMessage Got@2", "onMessage Got@2", "onMessage Got@2"), log);
  }

  @Test
  void badCallsAndRepliesAreRejected() {
    List<NodeContext> ctxs = new ArrayList<>();
    List<Envelope> got = new ArrayList<>();
    NodeId a = cluster.add("a", () -> new Scripted(ctxs::add, (ctx, e) -> got.add(e)));
    NodeId b = cluster.add("b", () -> new Scripted(ctxs::add, (ctx, e) -> got.add(e)));
    sim.runUntilQuiescent();
    NodeContext ctxA = ctxs.get(0);
    NodeContext ctxB = ctxs.get(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ctxA.call(b, new Get(1), Duration.ZERO));
    assertTrue(e.getMessage().equals("timeout must be > 0s, got 0s"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ctxA.call(b, new Get(1), Duration.ofMillis(-1)));
    assertTrue(e.getMessage().equals("timeout must be > 0s, got -1ms"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ctxA.schedule(Duration.ofMillis(-2), () -> {}));
    assertTrue(e.getMessage().equals("delay must be >= 0s, got -2ms"), e.getMessage());
    // too long for a long of nanoseconds: refused by name, not by an ArithmeticException
    e = assertThrows(IllegalArgumentException.class, () -> ctxA.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> {}));
    assertTrue(e.getMessage().startsWith("delay must be <= 9223372036.854775807s, got "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ctxA.node("nobody"));
    assertTrue(e.getMessage().contains("nobody"), e.getMessage());

    ctxA.send(b, new Get(1));
    sim.runUntilQuiescent();
    Envelope toB = got.get(0);
    e = assertThrows(IllegalArgumentException.class, () -> ctxA.reply(toB, new Got(1, "x")));
    assertTrue(e.getMessage().contains("node a") && e.getMessage().contains("sent to b"), e.getMessage());
    ctxB.reply(toB, new Got(1, "x"));
    sim.runUntilQuiescent();
    assertEquals(a, got.get(1).to());
    assertEquals(toB.id(), got.get(1).inReplyTo());
  }

  // ---- timers ----------------------------------------------------------------------------------

  @Test
  void timersFireAtTheirTimeAndCancelledOnesDoNot() {
    List<Timer> timers = new ArrayList<>();
    cluster.add("a", () -> Scripted.starting(ctx -> {
      timers.add(ctx.schedule(Duration.ofMillis(5), () -> logAt("five")));
      timers.add(ctx.schedule(Duration.ofMillis(3), () -> logAt("three")));
      timers.add(ctx.schedule(Duration.ofMillis(4), () -> logAt("four")));
      timers.get(2).cancel();
    }));
    sim.runUntilQuiescent();
    assertEquals(List.of("three@3", "five@5"), log);
    assertTrue(timers.get(0).hasFired());
    assertFalse(timers.get(2).hasFired());
    assertTrue(timers.get(2).isCancelled());
  }

  // ---- capacity --------------------------------------------------------------------------------

  private NodeId worker(Capacity capacity) {
    return cluster.add("worker", NodeOptions.custom().capacity(capacity).build(),
        () -> Scripted.handling((ctx, e) -> logAt("handled " + ((Job) e.message()).n())));
  }

  private void sendJobsAtOnce(NodeId to, int n) {
    NodeId src = cluster.add("src", Scripted::idle);
    for (int i = 0; i < n; i++) {
      ((SimNetwork) cluster.network()).send(src, to, new Job(i), 0, false);
    }
  }

  @Test
  void oneWorkerServesQueuedMessagesOneServiceTimeApart() {
    latency(0);
    NodeId w = worker(Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(10))).concurrency(1).build());
    sendJobsAtOnce(w, 5);
    sim.runFor(Duration.ofMillis(1));
    assertEquals(4, cluster.inboxDepth(w), "one in service, four waiting");
    sim.runUntilQuiescent();
    assertEquals(List.of("handled 0@10", "handled 1@20", "handled 2@30", "handled 3@40", "handled 4@50"), log);
    assertEquals(5, cluster.handled(w));
  }

  @Test
  void twoWorkersServeTwoAtATime() {
    latency(0);
    NodeId w = worker(Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(10))).concurrency(2).build());
    sendJobsAtOnce(w, 5);
    sim.runUntilQuiescent();
    assertEquals(List.of("handled 0@10", "handled 1@10", "handled 2@20", "handled 3@20", "handled 4@30"), log);
  }

  @Test
  void aCallBeyondInboxCapacityIsRejectedAndCountedAsOverflow() {
    cluster.add("server", NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(10))).concurrency(1)
        .inboxCapacity(2).overflow(OverflowPolicy.REJECT).build()).build(),
        () -> Scripted.handling((ctx, e) -> ctx.reply(e, new Got(((Get) e.message()).key(), "ok"))));
    cluster.add("client", () -> Scripted.starting(ctx -> {
      for (int i = 0; i < 4; i++) {
        int k = i;
        ctx.call(ctx.node("server"), new Get(k), Duration.ofSeconds(1))
            .onReply(r -> logAt("reply " + k))
            .onFailure(f -> logAt("failure " + k + " " + f));
      }
    }));
    sim.runUntilQuiescent();
    // Calls 0-2 arrive at 1 ms (one in service, two queued); call 3 is refused at once and the
    // refusal arrives back at 2 ms, long before the 1 s timeout.
    assertEquals(List.of("failure 3 REJECTED@2", "reply 0@12", "reply 1@22", "reply 2@32"), log);
    assertEquals(1, cluster.stats().dropped(DropReason.INBOX_OVERFLOW));
    assertEquals(1, cluster.stats().droppedTotal());
  }

  @Test
  void dropOldestEvictsTheOldestQueuedMessage() {
    latency(0);
    NodeId w = worker(Capacity.custom().serviceTime(LatencyModel.constant(Duration.ofMillis(10)))
        .concurrency(1).inboxCapacity(2).overflow(OverflowPolicy.DROP_OLDEST).build());
    sendJobsAtOnce(w, 5);
    sim.runUntilQuiescent();
    // 0 in service; 1, 2 queued; 3 evicts 1; 4 evicts 2.
    assertEquals(List.of("handled 0@10", "handled 3@20", "handled 4@30"), log);
    assertEquals(2, cluster.stats().dropped(DropReason.INBOX_OVERFLOW));
  }

  @Test
  void dropNewestDropsTheArrivingMessage() {
    latency(0);
    NodeId w = worker(Capacity.custom().serviceTime(LatencyModel.constant(Duration.ofMillis(10)))
        .concurrency(1).inboxCapacity(2).overflow(OverflowPolicy.DROP_NEWEST).build());
    sendJobsAtOnce(w, 5);
    sim.runUntilQuiescent();
    assertEquals(List.of("handled 0@10", "handled 1@20", "handled 2@30"), log);
    assertEquals(2, cluster.stats().dropped(DropReason.INBOX_OVERFLOW));
  }

  @Test
  void badCapacityIsRejectedNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capacity.custom().concurrency(0));
    assertTrue(e.getMessage().contains("concurrency") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Capacity.custom().inboxCapacity(-1));
    assertTrue(e.getMessage().contains("inboxCapacity") && e.getMessage().contains("-1"), e.getMessage());
  }

  // ---- clocks ----------------------------------------------------------------------------------

  @Test
  void localClockReadsWithItsOffsetAndDrift() {
    NodeId a = cluster.add("a", NodeOptions.custom()
        .clockOffset(Duration.ofMillis(5)).clockDrift(1e-3).build(), Scripted::idle);
    NodeClock clock = cluster.clock(a);
    assertEquals(5 * MS, clock.nanos());
    sim.runFor(Duration.ofSeconds(1));
    // 1 s of true time + 5 ms offset + 1 ms of drift (1e-3 of 1 s)
    assertEquals(1_006 * MS, clock.nanos());
    assertEquals(6 * MS, clock.offsetNanos());

    cluster.setClockOffset(a, Duration.ofMillis(-2)); // a step back, e.g. an NTP correction
    assertEquals(998 * MS, clock.nanos());
    sim.runFor(Duration.ofSeconds(2));
    assertEquals(2_998 * MS + 2 * MS, clock.nanos(), "drift continues from the new offset");

    cluster.setClockDrift(a, 0);
    long before = clock.nanos();
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(before + 1_000 * MS, clock.nanos(), "continuous across a drift change");
  }

  @Test
  void theContextGivesTheNodesOwnClock() {
    List<Long> readings = new ArrayList<>();
    NodeId a = cluster.add("a", NodeOptions.custom().clockOffset(Duration.ofMillis(-3)).build(),
        () -> Scripted.starting(ctx -> ctx.schedule(Duration.ofMillis(10), () -> {
          readings.add(ctx.now());
          readings.add(ctx.localClock().nanos());
        })));
    sim.runUntilQuiescent();
    assertEquals(List.of(10 * MS, 7 * MS), readings);
    assertSame(cluster.clock(a), cluster.clock(a));
  }

  @Test
  void badDriftIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeOptions.custom().clockDrift(1.0));
    assertTrue(e.getMessage().contains("clockDrift") && e.getMessage().contains("1.0"), e.getMessage());
    NodeId a = cluster.add("a", Scripted::idle);
    e = assertThrows(IllegalArgumentException.class, () -> cluster.setClockDrift(a, Double.NaN));
    assertTrue(e.getMessage().contains("drift") && e.getMessage().contains("NaN"), e.getMessage());
  }

  // ---- failures --------------------------------------------------------------------------------

  @Test
  void aHandlerExceptionSurfacesNamingTheNode() {
    IllegalStateException cause = new IllegalStateException("bad state");
    cluster.add("src", () -> Scripted.starting(ctx -> ctx.send(ctx.node("victim"), new Job(1))));
    cluster.add("victim", () -> Scripted.handling((ctx, e) -> {
      throw cause;
    }));
    NodeHandlerException e = assertThrows(NodeHandlerException.class, sim::runUntilQuiescent);
    assertSame(cause, e.getCause());
    assertTrue(e.getMessage().contains("node victim") && e.getMessage().contains("onMessage")
        && e.getMessage().contains("Job from src") && e.getMessage().contains("1000000 ns"), e.getMessage());
  }

  @Test
  void aTimerOrStartExceptionSurfacesNamingTheNode() {
    cluster.add("t", () -> Scripted.starting(ctx -> ctx.schedule(Duration.ofMillis(1), () -> {
      throw new ArithmeticException("in timer");
    })));
    NodeHandlerException e = assertThrows(NodeHandlerException.class, sim::runUntilQuiescent);
    assertInstanceOf(ArithmeticException.class, e.getCause());
    assertTrue(e.getMessage().contains("node t") && e.getMessage().contains("timer"), e.getMessage());

    cluster.add("s", () -> Scripted.starting(ctx -> {
      throw new UnsupportedOperationException("in start");
    }));
    e = assertThrows(NodeHandlerException.class, sim::runUntilQuiescent);
    assertTrue(e.getMessage().contains("node s") && e.getMessage().contains("onStart"), e.getMessage());
  }

  @Test
  void nodeNamesAreValidatedAndUnique() {
    cluster.add("a", Scripted::idle);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cluster.add("a", Scripted::idle));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> cluster.id("b"));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
  }

  @Test
  void aClockOffsetBeyondALongOfNanosecondsIsRefusedBeforeAnythingIsRegistered() {
    Duration tooFar = Duration.ofDays(400 * 365);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> NodeOptions.custom().clockOffset(tooFar));
    assertEquals("clockOffset must be between -9223372036.854775808s and 9223372036.854775807s, got 12614400000s",
        e.getMessage());
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    NodeId a = cluster.add("a", Scripted::idle);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> cluster.setClockOffset(a, tooFar));
  }
}
