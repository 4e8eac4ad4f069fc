package dev.caplab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.sim.Simulation;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One node class, unchanged, on two runtimes: the simulator, and {@link RealTimeLoop}, a
 * single-threaded real-time runtime written for this test from the public API alone. The nodes
 * use every part of the contract: multi-calls with a quorum and a timeout, a single call, timers
 * (one cancelled every round), storage, the local clock, the random stream and the meter
 * registry.
 */
class TwoRuntimesTest {

  private static final int ROUNDS = 20;
  private static final List<String> ACCEPTORS = List.of("a1", "a2", "a3", "a4");

  record Propose(int round, String value, long stampNanos) {}

  record Accepted(int round) {}

  record ReadBack() {}

  record Current(String value) {}

  /** Accepts proposals into storage and answers read-backs. */
  static final class Acceptor implements Node {
    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      if (e.message() instanceof Propose p) {
        ctx.storage().put("accepted", p.value());
        ctx.storage().sync();
        ctx.reply(e, new Accepted(p.round()));
      } else if (e.message() instanceof ReadBack) {
        ctx.reply(e, new Current((String) ctx.storage().get("accepted")));
      } else {
        throw new IllegalArgumentException("unexpected " + e.message());
      }
    }
  }

  /**
   * Proposes a value a round to every acceptor, commits it once three accept, then reads the last
   * value back from one acceptor. A watchdog timer per round is cancelled when the round commits.
   */
  static final class Proposer implements Node {
    private NodeContext ctx;
    private final List<NodeId> acceptors = new ArrayList<>();
    private int round;
    private long lastStamp = Long.MIN_VALUE;

    @Override
    public void onStart(NodeContext ctx) {
      this.ctx = ctx;
      for (String a : ACCEPTORS) {
        acceptors.add(ctx.node(a));
      }
      propose();
    }

    private void propose() {
      int r = ++round;
      String value = "v" + r + "-" + ctx.random().nextInt(1000);
      long stamp = ctx.localClock().nanos();
      if (stamp < lastStamp) {
        throw new IllegalStateException("the local clock went backwards");
      }
      lastStamp = stamp;
      Timer watchdog = ctx.schedule(Duration.ofSeconds(5), () -> ctx.storage().put("watchdog fired", r));
      MultiCall c = ctx.callAll(acceptors, new Propose(r, value, stamp), Duration.ofSeconds(5));
      c.onQuorum(3, () -> {
        c.finish();
        watchdog.cancel();
        ctx.storage().put("committed", value);
        ctx.storage().put("rounds", r);
        ctx.storage().sync();
        ctx.metrics().counter("commits", "node", ctx.id().name()).increment();
        if (r < ROUNDS) {
          ctx.schedule(Duration.ofMillis(1), this::propose);
        } else {
          readBack();
        }
      }).onTimeout(() -> ctx.storage().put("timed out", r));
    }

    private void readBack() {
      ctx.call(acceptors.get(0), new ReadBack(), Duration.ofSeconds(5))
          .onReply(e -> ctx.storage().put("read back", ((Current) e.message()).value()))
          .onFailure(f -> ctx.storage().put("read back", "failed: " + f));
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      // The fourth acceptor's answer comes after the round has finished: nothing to do.
    }
  }

  @Test
  void theSameNodesRunOnTheSimulatorAndOnARealTimeLoop() {
    Simulation sim = Simulation.withSeed(3);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(3))).build());
    for (String a : ACCEPTORS) {
      cluster.add(a, Acceptor::new);
    }
    NodeId proposer = cluster.add("p", Proposer::new);
    assertTrue(sim.runUntil(() -> cluster.storage(proposer).get("read back") != null, Duration.ofSeconds(10)));
    checkOutcome(name -> cluster.storage(cluster.id(name)), cluster.metrics());

    RealTimeLoop loop = new RealTimeLoop(Duration.ofMillis(1));
    for (String a : ACCEPTORS) {
      loop.add(a, new Acceptor());
    }
    loop.add("p", new Proposer());
    assertTrue(loop.runUntil(() -> loop.storage("p").get("read back") != null, Duration.ofSeconds(20)),
        "the real-time run finished in time");
    checkOutcome(loop::storage, loop.metrics());
  }

  private static void checkOutcome(Function<String, Storage> storage, MeterRegistry metrics) {
    Storage p = storage.apply("p");
    assertEquals(ROUNDS, p.get("rounds"));
    assertEquals(p.get("committed"), p.get("read back"), "the first acceptor holds the last committed value");
    assertEquals(null, p.get("watchdog fired"), "every watchdog was cancelled");
    assertEquals(null, p.get("timed out"));
    assertEquals(ROUNDS, metrics.get("commits").tag("node", "p").counter().count());
    int accepted = 0;
    for (String a : ACCEPTORS) {
      if (p.get("committed").equals(storage.apply(a).get("accepted"))) {
        accepted++;
      }
    }
    assertTrue(accepted >= 3, "a majority accepted the last value, got " + accepted);
  }

  @Test
  void theNodeContractNamesNoSimulatorType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : List.of(Node.class, NodeContext.class, Call.class, MultiCall.class, Timer.class,
        Storage.class, Envelope.class, NodeId.class, CallFailure.class, Overloaded.class)) {
      for (Method m : type.getMethods()) {
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        types.add(m.getGenericReturnType());
        for (Type t : types) {
          if (t.getTypeName().startsWith("dev.caplab.sim")) {
            leaks.add(type.getSimpleName() + "." + m.getName() + ": " + t.getTypeName());
          }
        }
      }
    }
    assertEquals(List.of(), leaks);
  }
}
