package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import dev.caplab.sim.TraceEvent;
import dev.caplab.sim.TraceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link NodeContext#callAll}: replies, quorum, one deadline, checkpoints, late joiners, crashes. */
class MultiCallTest {

  private static final long MS = 1_000_000L;

  record Ask(int n) {}

  record Answer(int n) {}

  private final Simulation sim = Simulation.builder().seed(1).traceLog(1 << 14).build();
  private final Cluster cluster = Cluster.create(sim);
  private final List<String> log = new ArrayList<>();
  private final List<MultiCall> calls = new ArrayList<>();

  MultiCallTest() {
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(1))).build());
  }

  /** A replica that answers Ask(n) with Answer(n) after {@code delayMs} (never if negative). */
  private NodeId replica(String name, long delayMs) {
    return cluster.add(name, () -> Scripted.handling((ctx, e) -> {
      if (e.message() instanceof Ask a && delayMs >= 0) {
        ctx.schedule(Duration.ofMillis(delayMs), () -> ctx.reply(e, new Answer(a.n())));
      } else {
        log.add(ctx.id() + " got " + e.message());
      }
    }));
  }

  /** A coordinator that, at start, calls {@code targets} and lets {@code setup} add callbacks. */
  private NodeId coordinator(List<String> targets, Duration timeout, Consumer<MultiCall> setup) {
    return cluster.add("co", () -> new Scripted(ctx -> {
      List<NodeId> ids = new ArrayList<>();
      for (String t : targets) {
        ids.add(ctx.node(t));
      }
      MultiCall c = ctx.callAll(ids, new Ask(7), timeout)
          .onReply(e -> at("reply from " + e.from()))
          .onTimeout(() -> at("timeout"));
      calls.add(c);
      setup.accept(c);
    }, (ctx, e) -> at("onMessage " + e.message() + " from " + e.from())));
  }

  private void at(String what) {
    log.add(what + "@" + sim.now() / MS);
  }

  @Test
  void repliesComeOneByOneAndTheQuorumFiresOnceAtItsKthReply() {
    replica("a", 1);
    replica("b", 3);
    replica("c", 5);
    coordinator(List.of("a", "b", "c"), Duration.ofSeconds(1),
        c -> c.onQuorum(2, () -> at("quorum of " + c.replies())));
    sim.runFor(Duration.ofMillis(20));
    assertEquals(List.of("reply from a@3", "reply from b@5", "quorum of 2@5", "reply from c@7"), log);
    assertEquals(3, calls.get(0).asked());
    assertEquals(3, calls.get(0).replies());
    assertFalse(calls.get(0).isDone(), "open until finished or timed out");
  }

  @Test
  void aFinishedCallRunsNoCallbackAndItsLateRepliesGoToOnMessage() {
    replica("a", 1);
    replica("b", 10);
    coordinator(List.of("a", "b"), Duration.ofMillis(50), c -> c.onQuorum(1, c::finish));
    sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of("reply from a@3", "onMessage Answer[n=7] from b@12"), log);
    assertTrue(calls.get(0).isDone());
  }

  @Test
  void theDeadlineEndsTheCallOnceWhateverArrivesAfterIt() {
    replica("a", 1);
    replica("b", 100);
    coordinator(List.of("a", "b"), Duration.ofMillis(20), c -> c.onQuorum(2, () -> at("quorum")));
    sim.runFor(Duration.ofMillis(200));
    assertEquals(List.of("reply from a@3", "timeout@20", "onMessage Answer[n=7] from b@102"), log);
    assertTrue(calls.get(0).isDone());
    long timeouts = sim.trace().events().stream().filter(e -> e.kind() == TraceKind.CALL_TIMEOUT).count();
    assertEquals(1, timeouts, "one deadline for the whole call, traced once");
  }

  @Test
  void aDuplicatedReplyCountsOnce() {
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).duplication(1.0).build());
    replica("a", 1);
    replica("b", 1);
    coordinator(List.of("a", "b"), Duration.ofSeconds(1), c -> c.onQuorum(2, () -> at("quorum")));
    sim.runFor(Duration.ofMillis(50));
    // Each request arrives twice, so each replica answers twice, and each answer arrives twice.
    assertEquals(List.of("reply from a@3", "reply from b@3", "quorum@3"), log);
    assertEquals(2, calls.get(0).replies());
  }

  @Test
  void aCheckpointRunsAtItsDelayAndBeforeATimeoutDueAtTheSameInstant() {
    replica("a", -1);
    coordinator(List.of("a"), Duration.ofMillis(30), c -> c.onElapsed(Duration.ofMillis(10), () -> at("checkpoint")));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("a got Ask[n=7]", "checkpoint@10", "timeout@30"), log);

    log.clear();
    calls.clear();
    Simulation sim2 = Simulation.withSeed(1);
    Cluster c2 = Cluster.create(sim2);
    c2.add("a", Scripted::idle);
    c2.add("co", () -> Scripted.starting(ctx -> ctx.callAll(List.of(ctx.node("a")), new Ask(1), Duration.ofMillis(30))
        .onTimeout(() -> log.add("timeout@" + sim2.now() / MS))
        .onElapsed(Duration.ofMillis(30), () -> log.add("checkpoint@" + sim2.now() / MS))));
    sim2.runFor(Duration.ofMillis(50));
    assertEquals(List.of("checkpoint@30", "timeout@30"), log, "the timeout was scheduled first, yet runs second");
  }

  @Test
  void aCheckpointDoesNotRunOnceTheCallIsOver() {
    replica("a", 1);
    coordinator(List.of("a"), Duration.ofMillis(30), c -> c
        .onElapsed(Duration.ofMillis(10), () -> at("checkpoint"))
        .onQuorum(1, c::finish));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("reply from a@3"), log);
  }

  @Test
  void aRequestAskedLaterSharesTheDeadlineAndItsReplyCounts() {
    replica("a", -1);
    replica("b", 1);
    coordinator(List.of("a"), Duration.ofMillis(30), c -> c
        .onElapsed(Duration.ofMillis(10), () -> {
          at("asking b");
          c.ask(cluster.id("b"), new Ask(8));
        })
        .onQuorum(1, () -> at("quorum")));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("a got Ask[n=7]", "asking b@10", "reply from b@13", "quorum@13", "timeout@30"), log);
    assertEquals(2, calls.get(0).asked());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> calls.get(0).ask(cluster.id("b"), new Ask(9)));
    assertTrue(e.getMessage().contains("over"), e.getMessage());
  }

  @Test
  void moreThanSixtyFourTargetsAndRequestsAskedBetweenOtherMessagesCountOnceEach() {
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(1))).duplication(1.0).build());
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      names.add("r" + i);
      replica("r" + i, 1);
    }
    replica("late", 1);
    List<Integer> quorumAt = new ArrayList<>();
    cluster.add("co", () -> Scripted.starting(ctx -> {
      List<NodeId> ids = new ArrayList<>();
      names.forEach(n -> ids.add(ctx.node(n)));
      MultiCall c = ctx.callAll(ids, new Ask(1), Duration.ofSeconds(1));
      calls.add(c);
      ctx.send(ctx.node("r0"), "not part of the call"); // takes the next id: the ask below is not consecutive
      c.ask(ctx.node("late"), new Ask(2));
      c.onQuorum(71, () -> quorumAt.add(c.replies()));
    }));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of(71), quorumAt, "every request counted once, duplicates swallowed");
    assertEquals(71, calls.get(0).replies());
    assertEquals(71, calls.get(0).asked());
  }

  @Test
  void aTargetWithAFullInboxRejectsAndDoesNotCount() {
    cluster.add("busy", NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(100))).concurrency(1).inboxCapacity(0)
        .overflow(OverflowPolicy.REJECT).build()).build(), Scripted::idle);
    cluster.add("filler", () -> Scripted.starting(ctx -> ctx.send(ctx.node("busy"), new Ask(0))));
    replica("a", 1);
    coordinator(List.of("busy", "a"), Duration.ofMillis(30), c -> c.onRejected(n -> at("rejected by " + n)));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("rejected by busy@2", "reply from a@3", "timeout@30"), log);
    assertEquals(1, calls.get(0).replies());
  }

  @Test
  void aCrashOfTheCallerEndsItsCallsSilently() {
    replica("a", 5);
    NodeId co = coordinator(List.of("a"), Duration.ofMillis(30), c -> c.onQuorum(1, () -> at("quorum")));
    sim.runFor(Duration.ofMillis(2));
    cluster.crash(co);
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of(), log);
    assertTrue(calls.get(0).isDone());
  }

  @Test
  void finishedCallsLeaveNothingBehindAndOneWakeUpServesManyDeadlines() {
    replica("a", 1);
    List<MultiCall> made = new ArrayList<>();
    NodeId co = cluster.add("co", () -> Scripted.starting(ctx -> {
      for (int i = 0; i < 100; i++) {
        ctx.schedule(Duration.ofMillis(i), () -> {
          MultiCall c = ctx.callAll(List.of(ctx.node("a")), new Ask(1), Duration.ofSeconds(10));
          c.onQuorum(1, c::finish);
          made.add(c);
        });
      }
    }));
    sim.runFor(Duration.ofMillis(200));
    assertEquals(100, made.size());
    assertTrue(made.stream().allMatch(MultiCall::isDone));
    assertEquals(1, sim.pendingEvents(), "only the first call's wake-up is left, at 10 s");
    sim.runFor(Duration.ofSeconds(20));
    long wakeUps = sim.trace().events().stream()
        .filter(e -> e.kind() == TraceKind.TIMER && e.from() == co.index() && e.detail() == 1).count();
    assertEquals(1, wakeUps, "one timer for 100 deadlines; it found nothing due and armed nothing");
    assertEquals(0, sim.pendingEvents());
  }

  @Test
  void badArgumentsAreRefusedNamingTheValueAndTheBound() {
    replica("a", 1);
    replica("b", 1);
    List<Runnable> checks = new ArrayList<>();
    cluster.add("co", () -> Scripted.starting(ctx -> {
      List<NodeId> two = List.of(ctx.node("a"), ctx.node("b"));
      MultiCall c = ctx.callAll(two, new Ask(1), Duration.ofMillis(10));
      checks.add(() -> assertRefused(() -> c.onQuorum(3, () -> {}), "between 1 and the 2 requests", "got 3"));
      checks.add(() -> assertRefused(() -> c.onQuorum(0, () -> {}), "between 1 and the 2 requests", "got 0"));
      checks.add(() -> assertRefused(() -> ctx.callAll(two, new Ask(1), Duration.ZERO), "timeout must be > 0s, got 0s"));
      checks.add(() -> assertRefused(() -> ctx.callAll(two, new Ask(1), Duration.ofMillis(-1)), "timeout must be > 0s, got -1ms"));
      checks.add(() -> assertRefused(() -> ctx.callAll(List.of(), new Ask(1), Duration.ofMillis(1)), "targets",
          "got none"));
      checks.add(() -> assertRefused(() -> c.onElapsed(Duration.ofMillis(11), () -> {}), "<= the call's timeout (10ms)",
          "got 11ms"));
      checks.add(() -> assertRefused(() -> c.onElapsed(Duration.ZERO, () -> {}), "> 0"));
      c.onElapsed(Duration.ofMillis(5), () -> {});
      checks.add(() -> {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> c.onElapsed(Duration.ofMillis(5), () -> {}));
        assertTrue(e.getMessage().contains("already set"), e.getMessage());
      });
      checks.forEach(Runnable::run);
    }));
    sim.runFor(Duration.ofMillis(1));
    assertEquals(8, checks.size());
  }

  @Test
  void theMultiCallTimeoutIsTracedWithItsFirstRequestId() {
    replica("a", -1);
    coordinator(List.of("a"), Duration.ofMillis(5), c -> {});
    sim.runFor(Duration.ofMillis(10));
    TraceEvent send = sim.trace().events().stream().filter(e -> e.kind() == TraceKind.SEND).findFirst().orElseThrow();
    TraceEvent timeout = sim.trace().events().stream()
        .filter(e -> e.kind() == TraceKind.CALL_TIMEOUT).findFirst().orElseThrow();
    assertEquals(send.detail(), timeout.detail());
    assertEquals(cluster.id("co").index(), timeout.from());
  }

  private static void assertRefused(Runnable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }
  }

  @SuppressWarnings("unused")
  private static String describe(Envelope e) {
    return e.message() + " from " + e.from();
  }
}
