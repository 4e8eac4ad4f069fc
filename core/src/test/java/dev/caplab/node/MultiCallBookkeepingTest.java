package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A multi-call's own bookkeeping: the fluent setters hand back the call, a quorum asked for
 * after its replies fires at once, the checkpoint bound is the call's own timeout whenever the
 * call starts, and a call ended early hands every late reply to {@code onMessage}.
 */
class MultiCallBookkeepingTest {

  private static final long MS = 1_000_000L;

  record Ask(int n) {}

  record Answer(int n) {}

  private final Simulation sim = Simulation.builder().seed(3).build();
  private final Cluster cluster = Cluster.create(sim);
  private final List<String> log = new ArrayList<>();

  MultiCallBookkeepingTest() {
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofMillis(1))).build());
  }

  private void replica(String name, long delayMs) {
    cluster.add(name, () -> Scripted.handling((ctx, e) -> {
      if (e.message() instanceof Ask a) {
        ctx.schedule(Duration.ofMillis(delayMs), () -> ctx.reply(e, new Answer(a.n())));
      }
    }));
  }

  private void at(String what) {
    log.add(what + "@" + sim.now() / MS);
  }

  @Test
  void theSettersHandBackTheCallAndABareCallCountsItsReplies() {
    replica("a", 1);
    replica("b", 1);
    List<MultiCall> made = new ArrayList<>();
    cluster.add("co", () -> Scripted.starting(ctx -> {
      MultiCall c = ctx.callAll(List.of(ctx.node("a")), new Ask(1), Duration.ofMillis(30));
      assertSame(c, c.onRejected(n -> at("rejected")));
      assertSame(c, c.ask(ctx.node("b"), new Ask(2)));
      made.add(ctx.callAll(List.of(ctx.node("a")), new Ask(3), Duration.ofMillis(30)));
      made.add(c);
    }));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(1, made.get(0).replies(), "a call with no quorum, rejection or checkpoint");
    assertEquals(2, made.get(1).replies());
  }

  @Test
  void aQuorumAskedForAfterItsRepliesFiresAtOnce() {
    replica("a", 1);
    replica("b", 1);
    cluster.add("co", () -> Scripted.starting(ctx -> {
      MultiCall c = ctx.callAll(List.of(ctx.node("a"), ctx.node("b")), new Ask(1), Duration.ofMillis(30));
      c.onElapsed(Duration.ofMillis(10), () -> c.onQuorum(2, () -> at("quorum of " + c.replies())));
    }));
    sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("quorum of 2@10"), log);
  }

  @Test
  void theCheckpointBoundIsTheTimeoutOfACallStartedLate() {
    replica("a", 1);
    List<IllegalArgumentException> refused = new ArrayList<>();
    cluster.add("co", () -> Scripted.starting(ctx -> ctx.schedule(Duration.ofMillis(100), () -> {
      MultiCall c = ctx.callAll(List.of(ctx.node("a")), new Ask(1), Duration.ofMillis(10));
      refused.add(assertThrows(IllegalArgumentException.class,
          () -> c.onElapsed(Duration.ofMillis(11), () -> {})));
      c.onElapsed(Duration.ofMillis(10), () -> at("checkpoint"));
    })));
    sim.runFor(Duration.ofMillis(200));
    assertTrue(refused.get(0).getMessage().contains("<= the call's timeout (10ms)"),
        refused.get(0).getMessage());
    assertEquals(List.of("checkpoint@110"), log);
  }

  /**
   * Three requests, after two other messages and with the third asked after an unrelated message
   * took the next id: ended by its first reply, the call forgets all three, so the two late
   * replies reach {@code onMessage}.
   */
  @Test
  void aCallEndedEarlyForgetsEveryRequest() {
    replica("a", 1);
    replica("b", 10);
    replica("c", 10);
    NodeId[] ids = new NodeId[1];
    ids[0] = cluster.add("co", () -> new Scripted(ctx -> {
      ctx.send(ctx.node("a"), "before the call"); // the call's ids do not start at the first one
      ctx.send(ctx.node("a"), "before the call");
      MultiCall c = ctx.callAll(List.of(ctx.node("a"), ctx.node("b")), new Ask(1), Duration.ofMillis(50));
      ctx.send(ctx.node("a"), "not part of the call");
      c.ask(ctx.node("c"), new Ask(2));
      c.onReply(e -> at("reply from " + e.from()));
      c.onQuorum(1, c::finish);
    }, (ctx, e) -> at("onMessage " + e.message() + " from " + e.from())));
    sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of("reply from a@3", "onMessage Answer[n=1] from b@12",
        "onMessage Answer[n=2] from c@12"), log);
  }
}
