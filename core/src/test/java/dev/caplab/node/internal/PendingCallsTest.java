package dev.caplab.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Call;
import dev.caplab.node.CallFailure;
import dev.caplab.node.MultiCall;
import dev.caplab.node.Overloaded;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The call facility on a scripted runtime, where every request, timer and wake-up it asks for is
 * visible: what it tells the runtime (timeouts to trace, wake-ups to arm), what a refused call
 * leaves behind (nothing), and the bookkeeping of calls with more than 64 requests.
 */
class PendingCallsTest {

  private static final long MS = 1_000_000L;

  /** A runtime whose clock the test sets, recording what the facility asks of it. */
  private static final class ScriptedRuntime implements CallRuntime {
    long now = 1_000 * MS;
    long nextId = 1;
    final Map<Long, NodeId> sent = new TreeMap<>();
    final List<Long> wakeUps = new ArrayList<>();
    /** The wake-ups asked for and not yet run: time -> how many. */
    final TreeMap<Long, Integer> pending = new TreeMap<>();
    final List<Long> timedOut = new ArrayList<>();
    final List<Call> callTimers = new ArrayList<>();

    @Override
    public long now() {
      return now;
    }

    @Override
    public long sendRequest(NodeId to, Object request) {
      sent.put(nextId, to);
      return nextId++;
    }

    @Override
    public void scheduleCallTimeout(long delayNanos, Call call) {
      callTimers.add(call);
    }

    @Override
    public void wakeAt(long atNanos) {
      wakeUps.add(atNanos);
      pending.merge(atNanos, 1, Integer::sum);
    }

    @Override
    public void onCallTimeout(long id) {
      timedOut.add(id);
    }

    /** A message from {@code from} with its own (unrelated) id, answering request {@code id}. */
    Envelope reply(long id, Object message) {
      return new Envelope(1_000_000 + id, sent.get(id), NODE_CO, message, now, id, false);
    }

    /** Runs the wake-ups asked for, earliest first, up to {@code until}, as a runtime's timer would. */
    void runUntil(PendingCalls calls, long until) {
      while (!pending.isEmpty() && pending.firstKey() <= until) {
        now = pending.firstKey();
        if (pending.merge(now, -1, Integer::sum) == 0) {
          pending.remove(now);
        }
        calls.expireDeadlines();
      }
      now = until;
    }
  }

  private static final NodeId NODE_CO = new NodeId("co", 0);

  private final ScriptedRuntime runtime = new ScriptedRuntime();
  private final PendingCalls calls = new PendingCalls(runtime);

  private static List<NodeId> nodes(int n) {
    List<NodeId> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new NodeId("r" + i, i));
    }
    return out;
  }

  @Test
  void theFacilityIsEmptyExactlyWhenNoCallWaitsAndAReplyNoCallWaitsForIsNotConsumed() {
    assertTrue(calls.isEmpty(), "a new node waits for nothing");
    Call first = calls.call(nodes(1).get(0), "q", Duration.ofMillis(10));
    Call second = calls.call(nodes(1).get(0), "q", Duration.ofMillis(10));
    assertFalse(calls.isEmpty());
    assertTrue(calls.onReply(runtime.reply(first.id(), "a")));
    // The first call is over, the second still waits: a copy of the first reply is the node's.
    assertFalse(calls.onReply(runtime.reply(first.id(), "a")), "a late copy goes to onMessage");
    assertFalse(calls.isEmpty());
    assertTrue(calls.onReply(runtime.reply(second.id(), "a")));
    assertTrue(calls.isEmpty(), "every call answered");
  }

  @Test
  void aSingleCallIsDoneOnlyOnceItEndsAndItsTimeoutIsTracedOnce() {
    NodeId to = nodes(1).get(0);
    List<String> ends = new ArrayList<>();
    Call answered = calls.call(to, "q", Duration.ofMillis(10)).onReply(r -> ends.add("reply"));
    Call unanswered = calls.call(to, "q", Duration.ofMillis(10)).onFailure(f -> ends.add(f.name()));
    Call cancelled = calls.call(to, "q", Duration.ofMillis(10));
    assertFalse(answered.isDone(), "waiting for its reply");
    assertFalse(unanswered.isDone());
    assertFalse(cancelled.isDone());

    calls.onReply(runtime.reply(answered.id(), "a"));
    cancelled.cancel();
    assertTrue(answered.isDone());
    assertTrue(cancelled.isDone());
    assertFalse(unanswered.isDone());

    // The runtime's timers fire for all three; only the one still waiting times out.
    runtime.callTimers.forEach(calls::timeout);
    assertTrue(unanswered.isDone());
    assertEquals(List.of("reply", CallFailure.TIMEOUT.name()), ends);
    assertEquals(List.of(unanswered.id()), runtime.timedOut, "the timeout is traced with the call's id, once");
    assertTrue(calls.isEmpty());
  }

  @Test
  void aTargetListWithANullIsRefusedBeforeAnyRequestIsSent() {
    NodeId a = nodes(1).get(0);
    for (var targets : List.of(Arrays.asList(a, null), new LinkedHashSet<>(Arrays.asList(a, null)))) {
      NullPointerException e = assertThrows(NullPointerException.class,
          () -> calls.callAll(targets, "q", Duration.ofMillis(10)), targets.getClass().getSimpleName());
      assertEquals("targets must not contain null", e.getMessage());
    }
    assertEquals(Map.of(), runtime.sent, "a refused call sends no request");
    assertTrue(calls.isEmpty());
    assertEquals(List.of(), runtime.wakeUps);
  }

  @Test
  void theEndOfVirtualTimeIsTheLatestDeadline() {
    long room = Long.MAX_VALUE - runtime.now;
    calls.callAll(nodes(1), "q", Duration.ofNanos(room));
    assertEquals(List.of(Long.MAX_VALUE), runtime.wakeUps, "a deadline at the last nanosecond");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> calls.callAll(nodes(1), "q", Duration.ofNanos(room + 1)));
    assertEquals("timeout must be <= " + Durations.exact(room) + " (the end of virtual time), got "
        + Durations.exact(room + 1), e.getMessage());
    assertEquals(List.of(Long.MAX_VALUE), runtime.wakeUps, "no deadline wrapped into the past");
    assertEquals(1, runtime.sent.size(), "the refused call sent nothing");
  }

  /**
   * 65 requests, then one more asked after the first answers: the answers to requests 64 and 65
   * (beyond the first 64-bit word of answered flags) and a refusal from request 66 arrive twice
   * each, and each counts once.
   */
  @Test
  void answersBeyondTheSixtyFourthRequestCountOnceAlsoForRequestsAskedLater() {
    List<NodeId> targets = nodes(67);
    Map<Long, Integer> handed = new TreeMap<>();
    List<NodeId> refusedBy = new ArrayList<>();
    MultiCall c = calls.callAll(targets.subList(0, 65), "q", Duration.ofMillis(50))
        .onReply(r -> handed.merge(r.inReplyTo(), 1, Integer::sum))
        .onRejected(refusedBy::add);
    long request64 = 65;
    calls.onReply(runtime.reply(request64, "a"));
    calls.onReply(runtime.reply(request64, "a"));
    c.ask(targets.get(65), "q");
    c.ask(targets.get(66), "q");
    assertEquals(67, c.asked());
    for (int copy = 0; copy < 2; copy++) {
      calls.onReply(runtime.reply(66, "a"));
      calls.onReply(runtime.reply(67, new Overloaded(0)));
    }
    assertEquals(Map.of(65L, 1, 66L, 1), handed, "each answer handed on once");
    assertEquals(List.of(targets.get(66)), refusedBy, "the refusal reported once");
    assertEquals(2, c.replies(), "two replies; the refusal is not one");
  }

  /**
   * Requests asked one by one between other messages, so none follows the one before: the call
   * keeps their ids in a list that grows past its first size, hands on each reply once, and ended,
   * forgets them all.
   */
  @Test
  void requestsAskedBetweenOtherMessagesAreEachAnsweredOnceAndForgottenAtTheEnd() {
    List<NodeId> targets = nodes(9);
    Map<Long, Integer> handed = new TreeMap<>();
    MultiCall c = calls.callAll(targets.subList(0, 1), "q", Duration.ofMillis(50))
        .onReply(r -> handed.merge(r.inReplyTo(), 1, Integer::sum));
    List<Long> ids = new ArrayList<>(List.of(1L));
    for (int i = 1; i < 9; i++) {
      runtime.nextId++; // another message of the node takes the next id
      ids.add(runtime.nextId);
      c.ask(targets.get(i), "q");
    }
    for (long id : ids) {
      calls.onReply(runtime.reply(id, "a"));
      calls.onReply(runtime.reply(id, "a"));
    }
    assertEquals(9, c.replies());
    assertEquals(9, handed.size());
    assertTrue(handed.values().stream().allMatch(n -> n == 1), "each reply handed on once: " + handed);
    c.finish();
    assertTrue(calls.isEmpty(), "every request forgotten");
  }

  @Test
  void aCheckpointThatFinishesTheCallAtItsDeadlineLeavesNoTimeout() {
    List<String> log = new ArrayList<>();
    MultiCall[] c = new MultiCall[1];
    c[0] = calls.callAll(nodes(2), "q", Duration.ofMillis(30))
        .onTimeout(() -> log.add("timeout"))
        .onElapsed(Duration.ofMillis(30), () -> {
          log.add("checkpoint");
          c[0].finish();
        });
    runtime.runUntil(calls, runtime.now + 100 * MS);
    assertEquals(List.of("checkpoint"), log, "the call ended in its checkpoint: no timeout after it");
    assertEquals(List.of(), runtime.timedOut, "nor one in the trace");
    assertTrue(c[0].isDone());
    assertTrue(calls.isEmpty());
  }

  @Test
  void aCallFinishedBeforeItsCheckpointLeavesNoDeadlineBehind() {
    MultiCall c = calls.callAll(nodes(1), "q", Duration.ofMillis(30))
        .onElapsed(Duration.ofMillis(10), () -> {});
    assertEquals(2, calls.deadlines().size(), "the timeout and the checkpoint");
    c.finish();
    assertEquals(0, calls.deadlines().size(), "neither keeps the finished call alive until its time");
    assertTrue(calls.isEmpty());
  }

  /**
   * A checkpoint due with its call's timeout runs first; the call it starts has a later
   * deadline, and the only wake-up asked for is at that deadline: none for the checkpoint that has
   * just run.
   */
  @Test
  void aCheckpointRunAtTheTimeoutAsksForNoWakeUpForItself() {
    long start = runtime.now;
    List<String> log = new ArrayList<>();
    calls.callAll(nodes(1), "q", Duration.ofMillis(30))
        .onTimeout(() -> log.add("timeout@" + (runtime.now - start) / MS))
        .onElapsed(Duration.ofMillis(30), () -> {
          log.add("checkpoint@" + (runtime.now - start) / MS);
          calls.callAll(nodes(1), "again", Duration.ofMillis(20))
              .onTimeout(() -> log.add("second timeout@" + (runtime.now - start) / MS));
        });
    runtime.runUntil(calls, start + 100 * MS);
    assertEquals(List.of("checkpoint@30", "timeout@30", "second timeout@50"), log);
    assertEquals(List.of(start + 30 * MS, start + 50 * MS), runtime.wakeUps,
        "one wake-up per deadline time, none that finds nothing due");
  }
}
