package dev.caplab.examples.register;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Models;
import dev.caplab.check.Staleness;
import dev.caplab.check.StalenessResult;
import dev.caplab.check.Verdict;
import dev.caplab.examples.scenario.LegacyScenario;
import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.examples.scenario.TextTable;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Three replicas hold one register, replicated naively (see {@link ReplicaNode}); three clients,
 * each attached to its own replica, read and write it while the network cuts r1 and its client
 * off from the rest for two seconds.
 *
 * <p>What it teaches: "every node answers" is not "every answer is right". The recorded history is
 * checked for linearizability (it fails, with a counterexample: a read that returns a value older
 * than a write that had already completed), for staleness (how many reads were stale, by how many
 * versions, and how long after a write completed a read could still miss it) and, after the heal
 * and a quiet period, for convergence (pushes dropped at the cut are never resent).
 *
 * <p>Timeline: clients run from the start until {@link #CLIENTS_UNTIL}; partition {r1,c1} |
 * {r2,r3,c2,c3} at {@link #PARTITION_AT}; heal at {@link #HEAL_AT}; the run ends at {@link
 * #RUN_UNTIL}. {@code caplab run register-partition --history FILE} writes the history.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulation.
 */
public final class RegisterPartition implements LegacyScenario {

  /** The command-line name. */
  public static final String NAME = "register-partition";

  static final List<String> REPLICAS = List.of("r1", "r2", "r3");
  static final List<String> CLIENTS = List.of("c1", "c2", "c3");
  static final Duration LATENCY_MEDIAN = Duration.ofMillis(5);
  static final double LATENCY_SIGMA = 0.5;
  static final Duration THINK_MIN = Duration.ofMillis(20);
  static final Duration THINK_MAX = Duration.ofMillis(80);
  static final Duration TIMEOUT = Duration.ofMillis(200);
  static final Duration PARTITION_AT = Duration.ofSeconds(1);
  static final Duration HEAL_AT = Duration.ofSeconds(3);
  static final Duration CLIENTS_UNTIL = Duration.ofMillis(4500);
  static final Duration RUN_UNTIL = Duration.ofSeconds(5);
  /** Points of the t-visibility curve. */
  static final long[] VISIBILITY_AT = {0, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "3 replicas of one register, naive async replication, 3 clients; r1 cut off 1s-3s: linearizable? how stale?";
  }

  @Override
  public boolean recordsHistory() {
    return true;
  }

  @Override
  public ScenarioResult run(long seed) {
    return execute(seed).result();
  }

  /** Runs the scenario and keeps what tests look at besides the result. */
  Outcome execute(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(LATENCY_MEDIAN, LATENCY_SIGMA))
        .build());
    HistoryRecorder recorder = new HistoryRecorder();
    List<NodeId> replicas = new ArrayList<>();
    for (String r : REPLICAS) {
      replicas.add(cluster.add(r, () -> new ReplicaNode(REPLICAS)));
    }
    for (int i = 0; i < CLIENTS.size(); i++) {
      ClientNode.Plan plan = new ClientNode.Plan(i, REPLICAS.get(i), THINK_MIN, THINK_MAX, TIMEOUT,
          CLIENTS_UNTIL);
      cluster.add(CLIENTS.get(i), () -> new ClientNode(plan, recorder));
    }
    FaultPlan.builder()
        .partition(PARTITION_AT, List.of("r1", "c1"), List.of("r2", "r3", "c2", "c3"))
        .heal(HEAL_AT)
        .build()
        .schedule(FaultLog.of(cluster));
    sim.runFor(RUN_UNTIL);

    History history = recorder.history();
    LinearizabilityResult lin = Linearizability.ofDefaults().check(history, Models.register());
    StalenessResult staleness = Staleness.custom().visibilityAt(VISIBILITY_AT).build().analyze(history);
    Map<String, Map<String, Long>> finalValues = new LinkedHashMap<>();
    for (NodeId id : replicas) {
      Long v = cluster.node(id, ReplicaNode.class).value();
      finalValues.put(id.name(), v == null ? Map.of() : Map.of("register", v));
    }
    ConvergenceCheck.Result<String, Long> convergence = ConvergenceCheck.check(finalValues);
    return new Outcome(seed, sim, cluster, history, lin, staleness, convergence);
  }

  /** Everything one run produced. */
  record Outcome(long seed, Simulation sim, Cluster cluster, History history,
      LinearizabilityResult linearizability, StalenessResult staleness,
      ConvergenceCheck.Result<String, Long> convergence) {

    ScenarioResult result() {
      Map<String, ScenarioResult.Check> checks = new LinkedHashMap<>();
      checks.put("linearizable", linearizableCheck());
      checks.put("staleness", ScenarioResult.Check.fromMap(staleness.toMap()));
      checks.put("converged", ScenarioResult.Check.fromMap(convergence.toMap()));
      return new ScenarioResult(NAME, seed, sim.trace().hashHex(), sim.now(), metrics(), checks,
          summary(), history);
    }

    private ScenarioResult.Check linearizableCheck() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("verdict", linearizability.valid().asBoolean());
      d.put("ops", linearizability.ops());
      if (linearizability.counterexample() != null) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("prefixLength", linearizability.counterexample().prefix().size());
        c.put("state", linearizability.counterexample().state());
        List<String> stuck = new ArrayList<>();
        for (Operation op : linearizability.counterexample().stuck()) {
          stuck.add(op.toString());
        }
        c.put("stuck", stuck);
        d.put("counterexample", c);
      } else {
        d.put("counterexample", null);
      }
      if (linearizability.valid() == Verdict.UNKNOWN) {
        d.put("note", linearizability.note());
      }
      return new ScenarioResult.Check(linearizability.valid() == Verdict.TRUE, d);
    }

    private Map<String, Object> metrics() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("replicas", REPLICAS.size());
      m.put("clients", CLIENTS.size());
      m.put("operations", operationCounts());
      m.put("messagesSent", cluster.stats().sent());
      m.put("droppedAtPartition", cluster.stats().dropped(DropReason.PARTITION));
      Map<String, Object> finals = new LinkedHashMap<>();
      for (String r : REPLICAS) {
        finals.put(r, cluster.node(cluster.id(r), ReplicaNode.class).value());
      }
      m.put("finalValues", finals);
      return m;
    }

    private Map<String, Object> operationCounts() {
      Map<String, Object> counts = new LinkedHashMap<>();
      for (Op.Fn f : List.of(Op.Fn.READ, Op.Fn.WRITE)) {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (Operation.Status s : Operation.Status.values()) {
          byStatus.put(s.wireName(), history.operations().stream()
              .filter(o -> o.f() == f && o.status() == s).count());
        }
        counts.put(f.wireName(), byStatus);
      }
      return counts;
    }

    private String summary() {
      StringBuilder s = new StringBuilder();
      s.append(NAME).append(" (seed ").append(seed).append(")\n\n");
      s.append(String.format(Locale.ROOT,
          "Replicas r1, r2, r3 hold one register. A write is applied where it arrives,%n"));
      s.append(String.format(Locale.ROOT,
          "acknowledged at once and pushed to the other replicas once (no retries, no versions).%n"));
      s.append(String.format(Locale.ROOT,
          "Clients c1, c2, c3 each use their own replica, reading or writing every %s-%s%n",
          Durations.exact(THINK_MIN), Durations.exact(THINK_MAX)));
      s.append(String.format(Locale.ROOT,
          "until %s. At %s {r1,c1} is cut off from {r2,r3,c2,c3}; at %s the network heals.%n%n",
          Durations.exact(CLIENTS_UNTIL), Durations.exact(PARTITION_AT), Durations.exact(HEAL_AT)));

      s.append("What happened\n");
      s.append(String.format(Locale.ROOT, "- %d operations recorded, %d pushes dropped at the cut.%n",
          linearizability.ops(), cluster.stats().dropped(DropReason.PARTITION)));
      switch (linearizability.valid()) {
        case TRUE -> s.append("- The history is linearizable (this seed got lucky).\n");
        case UNKNOWN -> s.append("- Linearizability: unknown (" + linearizability.note() + ").\n");
        case FALSE -> {
          s.append("- The history is NOT linearizable. After a linearizable prefix of ")
              .append(linearizability.counterexample().prefix().size())
              .append(" operations (register = ").append(linearizability.counterexample().state())
              .append("), none of these fits:\n");
          long first = Long.MAX_VALUE;
          for (Operation op : linearizability.counterexample().stuck()) {
            s.append("    ").append(op).append('\n');
            first = Math.min(first, op.invokeTime());
          }
          if (first < PARTITION_AT.toNanos()) {
            s.append("  That is at ").append(Durations.human(first))
                .append(", before the cut: a push still in flight is enough.\n");
          }
        }
        default -> throw new AssertionError(linearizability.valid());
      }
      s.append(String.format(Locale.ROOT, "- %d of %d reads were stale (%.1f%%), up to %d writes behind.%n",
          staleness.staleReads(), staleness.reads(), 100 * staleness.fractionStale(), staleness.maxK()));
      s.append(convergence.valid()
          ? "- After the heal the replicas agree.\n"
          : "- After the heal the replicas still disagree " + convergence.differences().get(0).values()
              + ": the pushes lost at the cut are never resent.\n");
      s.append('\n');

      s.append("Stale reads: how many completed writes a read missed (k)\n");
      TextTable k = new TextTable("k", "reads");
      for (Entry<Integer, Long> e : staleness.kDistribution().entrySet()) {
        k.row(e.getKey(), e.getValue());
      }
      s.append(k.render()).append('\n');
      s.append("t-visibility: reads starting at least t after the newest completed write\n");
      TextTable t = new TextTable("t", "reads", "consistent", "P(consistent)");
      for (StalenessResult.VisibilityPoint p : staleness.visibility()) {
        t.row(Durations.human(p.tNanos()), p.reads(), p.consistent(),
            p.probability() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.probability()));
      }
      s.append(t.render()).append('\n');

      s.append("trace hash ").append(sim.trace().hashHex()).append('\n');
      s.append("re-run with --seed ").append(seed).append(" to reproduce\n");
      return s.toString();
    }
  }
}
