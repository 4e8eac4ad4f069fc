package dev.caplab.sim.internal;

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
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.MultiCall;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
import dev.caplab.node.Timer;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The node runtime's edges: an inbox of no room under DROP_OLDEST, a crashed incarnation's context
 * refusing calls before it looks at their arguments, a timer's cancelled flag, and a synced
 * removal that must stay removed.
 */
class NodeRuntimeEdgesTest {

  private static final long MS = 1_000_000L;

  record Job(int n) {}

  private final Simulation sim = Simulation.withSeed(1);
  private final Cluster cluster = Cluster.create(sim);
  private final List<String> log = new ArrayList<>();

  NodeRuntimeEdgesTest() {
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(LatencyModel.constant(Duration.ZERO)).build());
  }

  /** A node that records its contexts and logs the jobs it handles. */
  private final class Worker implements Node {
    private final List<NodeContext> contexts;

    Worker(List<NodeContext> contexts) {
      this.contexts = contexts;
    }

    @Override
    public void onStart(NodeContext ctx) {
      contexts.add(ctx);
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      log.add("handled " + ((Job) e.message()).n() + "@" + sim.now() / MS);
    }
  }

  @Test
  void dropOldestWithAnInboxOfNoRoomDropsTheArrivingMessage() {
    List<NodeContext> contexts = new ArrayList<>();
    NodeId worker = cluster.add("worker", NodeOptions.custom().capacity(Capacity.custom()
        .serviceTime(LatencyModel.constant(Duration.ofMillis(10))).concurrency(1).inboxCapacity(0)
        .overflow(OverflowPolicy.DROP_OLDEST).build()).build(), () -> new Worker(contexts));
    NodeId sender = cluster.add("sender", () -> new Worker(contexts));
    sim.runFor(Duration.ofMillis(1));
    for (int n = 0; n < 3; n++) {
      contexts.get(1).send(worker, new Job(n));
    }
    sim.runUntilQuiescent();
    assertEquals(List.of("handled 0@11"), log, "one in service, no room to queue the others");
    assertEquals(2, cluster.stats().dropped(DropReason.INBOX_OVERFLOW));
    assertEquals(0, cluster.inboxDepth(worker));
    assertTrue(cluster.isUp(sender));
  }

  @Test
  void aCrashedContextRefusesCallsBeforeLookingAtTheirArguments() {
    List<NodeContext> contexts = new ArrayList<>();
    NodeId a = cluster.add("a", () -> new Worker(contexts));
    NodeId b = cluster.add("b", () -> new Worker(new ArrayList<>()));
    sim.runFor(Duration.ofMillis(1));
    NodeContext old = contexts.get(0);
    cluster.crash(a);
    List<Runnable> actions = List.of(
        () -> old.call(b, new Job(1), Duration.ZERO),
        () -> old.callAll(List.of(), new Job(1), Duration.ofMillis(1)),
        () -> old.callAll(List.of(b), new Job(1), Duration.ZERO));
    for (Runnable r : actions) {
      IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
      assertTrue(e.getMessage().contains("node a has crashed"), e.getMessage());
    }
    assertEquals(0, sim.pendingEvents(), "nothing was sent or scheduled");
  }

  @Test
  void aTimerIsCancelledOnlyOnceCancelled() {
    List<NodeContext> contexts = new ArrayList<>();
    cluster.add("a", () -> new Worker(contexts));
    sim.runFor(Duration.ofMillis(1));
    List<String> fired = new ArrayList<>();
    Timer kept = contexts.get(0).schedule(Duration.ofMillis(1), () -> fired.add("kept"));
    Timer dropped = contexts.get(0).schedule(Duration.ofMillis(1), () -> fired.add("dropped"));
    assertFalse(kept.isCancelled());
    assertFalse(dropped.isCancelled());
    dropped.cancel();
    assertTrue(dropped.isCancelled());
    sim.runUntilQuiescent();
    assertEquals(List.of("kept"), fired);
    assertFalse(kept.isCancelled(), "firing is not cancelling");
    assertTrue(kept.hasFired());
  }

  @Test
  void aSyncedRemovalStaysRemovedAcrossLaterSyncsAndACrash() {
    SimStorage storage = new SimStorage();
    storage.put("x", 1);
    storage.put("y", 2);
    storage.sync();
    storage.remove("x");
    storage.sync();
    assertNull(storage.get("x"));
    assertEquals(Set.of("y"), storage.keys());
    storage.put("z", 3);
    storage.sync();
    storage.crash();
    assertNull(storage.get("x"), "the removal is durable");
    assertEquals(Set.of("y", "z"), storage.keys());
    assertEquals(2, storage.get("y"));
    assertEquals(0, storage.unsyncedWrites());
  }

  @Test
  void aMultiCallKeptOpenAcrossTheCrashIsOverAndCannotAskAnyMore() {
    // every request answered, the call not yet finished: the crash finds nothing outstanding
    List<NodeContext> contexts = new ArrayList<>();
    NodeId a = cluster.add("a", () -> new Worker(contexts));
    NodeId b = cluster.add("b", () -> new Node() {
      @Override
      public void onMessage(NodeContext ctx, Envelope e) {
        ctx.reply(e, new Job(-1));
      }
    });
    sim.runFor(Duration.ofMillis(1));
    MultiCall call = contexts.get(0).callAll(List.of(b), new Job(1), Duration.ofSeconds(10));
    sim.runFor(Duration.ofMillis(1));
    assertEquals(1, call.replies());
    cluster.crash(a);
    assertTrue(call.isDone(), "the crash ends the call");
    long sent = cluster.stats().sent();
    assertThrows(IllegalStateException.class, () -> call.ask(b, new Job(2)));
    assertEquals(sent, cluster.stats().sent(), "a crashed node sends nothing");
  }
}
