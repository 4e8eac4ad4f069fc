package dev.caplab.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.Linearizability;
import dev.caplab.check.Models;
import dev.caplab.check.Verdict;
import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The register workload's clients: what they record for each kind of answer, and their values. */
class RegisterWorkloadTest {

  record Get(String key) {}

  record Put(String key, long value) {}

  record Value(Long value) {}

  record No() {}

  static final RegisterProtocol PROTOCOL = new RegisterProtocol() {
    @Override
    public Object read(String key) {
      return new Get(key);
    }

    @Override
    public Object write(String key, long value) {
      return new Put(key, value);
    }

    @Override
    public Result result(Object reply) {
      return reply instanceof Value v ? Result.ok(v.value()) : Result.failed();
    }
  };

  /** One register in one node: linearizable by construction. */
  static Node register() {
    TreeMap<String, Long> data = new TreeMap<>();
    return (ctx, e) -> {
      if (e.message() instanceof Put p) {
        data.put(p.key(), p.value());
        ctx.reply(e, new Value(p.value()));
      } else if (e.message() instanceof Get g) {
        ctx.reply(e, new Value(data.get(g.key())));
      }
    };
  }

  private static History run(Node server, RegisterWorkload w, int clients, long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.add("s", () -> server);
    HistoryRecorder recorder = new HistoryRecorder();
    List<NodeId> ids = w.install(cluster, clients, PROTOCOL, recorder);
    assertEquals(clients, ids.size());
    assertTrue(cluster.options(ids.get(0)).isClient(), "installed as clients");
    sim.runFor(w.until().plusSeconds(1));
    return recorder.history();
  }

  @Test
  void aCorrectRegisterGivesALinearizableHistoryWithUniqueWrites() {
    RegisterWorkload w = RegisterWorkload.custom().targets("s").keys("a", "b").until(Duration.ofSeconds(2)).build();
    History h = run(register(), w, 4, 3);
    assertEquals(Verdict.TRUE, Linearizability.ofDefaults().check(h, Models.kv(null)).valid());
    Set<Object> values = new HashSet<>();
    int writes = 0;
    for (Op op : h.events()) {
      if (op.f() == Op.Fn.WRITE && op.type() == Op.Type.INVOKE) {
        writes++;
        assertTrue(values.add(op.value()), "a write value used twice: " + op.value());
      }
    }
    assertTrue(writes > 100, "writes: " + writes);
    assertTrue(h.events().stream().allMatch(op -> op.time() < Duration.ofSeconds(3).toNanos()));
    assertTrue(h.events().stream().filter(op -> op.type() == Op.Type.INVOKE)
        .allMatch(op -> op.time() < Duration.ofSeconds(2).toNanos()), "no operation starts after until");
  }

  @Test
  void aSilentServerMakesWritesUnknownAndReadsFailed() {
    RegisterWorkload w = RegisterWorkload.custom().targets("s").until(Duration.ofMillis(500)).build();
    History h = run((ctx, e) -> { }, w, 2, 1);
    boolean sawWrite = false;
    boolean sawRead = false;
    for (Op op : h.events()) {
      if (op.type() == Op.Type.INVOKE) {
        continue;
      }
      if (op.f() == Op.Fn.WRITE) {
        sawWrite = true;
        assertEquals(Op.Type.INFO, op.type(), op.toString());
      } else {
        sawRead = true;
        assertEquals(Op.Type.FAIL, op.type(), op.toString());
      }
    }
    assertTrue(sawWrite && sawRead);
  }

  @Test
  void aRefusalFailsTheOperation() {
    RegisterWorkload w = RegisterWorkload.custom().targets("s").until(Duration.ofMillis(500)).build();
    History h = run((ctx, e) -> ctx.reply(e, new No()), w, 1, 1);
    assertTrue(h.events().stream().filter(op -> op.type() != Op.Type.INVOKE).allMatch(op -> op.type() == Op.Type.FAIL));
  }

  @Test
  void aRestartedClientAbandonsItsOpenOperationAndNeverReusesAValue() {
    Simulation sim = Simulation.withSeed(2);
    Cluster cluster = Cluster.create(sim);
    cluster.add("s", () -> (ctx, e) -> { });   // never answers: every operation stays open
    HistoryRecorder recorder = new HistoryRecorder();
    RegisterWorkload w = RegisterWorkload.custom().targets("s").readFraction(0).timeout(Duration.ofSeconds(10))
        .until(Duration.ofSeconds(5)).build();
    NodeId c = w.install(cluster, 1, PROTOCOL, recorder).get(0);
    sim.runFor(Duration.ofSeconds(1));
    cluster.crash(c);
    cluster.restart(c);
    sim.runFor(Duration.ofSeconds(1));
    List<Op> ops = recorder.history().events();
    assertEquals(Op.Type.INFO, ops.get(1).type(), "the crashed incarnation's write is abandoned: " + ops);
    assertFalse(ops.get(0).value().equals(ops.get(2).value()), "a restart must not reuse a write value: " + ops);
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertEquals("readFraction must be between 0.0 and 1.0, got 1.5", assertThrows(IllegalArgumentException.class,
        () -> RegisterWorkload.custom().readFraction(1.5)).getMessage());
    assertEquals("timeout must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> RegisterWorkload.custom().timeout(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> RegisterWorkload.custom().targets());
    assertThrows(IllegalArgumentException.class, () -> RegisterWorkload.custom().keys());
    assertThrows(IllegalStateException.class, () -> RegisterWorkload.custom().build());
    Cluster cluster = Cluster.create(Simulation.withSeed(1));
    RegisterWorkload w = RegisterWorkload.custom().targets("nobody").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> w.install(cluster, 1, PROTOCOL, new HistoryRecorder()));
    assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    cluster.add("s", () -> (ctx, x) -> { });
    assertThrows(IllegalArgumentException.class,
        () -> RegisterWorkload.custom().targets("s").build().install(cluster, 0, PROTOCOL, new HistoryRecorder()));
  }
}
