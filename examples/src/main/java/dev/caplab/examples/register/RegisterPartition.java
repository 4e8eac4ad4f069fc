package dev.caplab.examples.register;

import dev.caplab.check.ConvergenceCheck;
import dev.caplab.check.Counterexample;
import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Models;
import dev.caplab.check.Staleness;
import dev.caplab.check.StalenessResult;
import dev.caplab.check.Verdict;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.HistoryBars;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.time.Durations;
import dev.caplab.net.DropReason;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
public final class RegisterPartition implements Scenario {

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
  public String question() {
    return "Three replicas of one register each acknowledge a write at once and pass it on to the others"
        + " once, in the background. While a partition cuts one replica and its client off for two seconds,"
        + " is what the clients see linearizable, how stale are their reads, and do the replicas agree"
        + " after the heal?";
  }

  @Override
  public boolean recordsHistory() {
    return true;
  }

  /** The whole run: about 640 messages and 220 client operations, few enough to draw every one. */
  @Override
  public DiagramWindow diagram() {
    return DiagramWindow.of("", Duration.ZERO, RUN_UNTIL);
  }

  @Override
  public void run(ScenarioRun run) {
    Simulation sim = run.simulation();
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.logNormal(LATENCY_MEDIAN, LATENCY_SIGMA))
        .build());
    HistoryRecorder recorder = run.history();
    List<NodeId> replicas = new ArrayList<>();
    for (String r : REPLICAS) {
      replicas.add(cluster.add(r, () -> new ReplicaNode(REPLICAS)));
    }
    for (int i = 0; i < CLIENTS.size(); i++) {
      ClientNode.Plan plan = new ClientNode.Plan(i, REPLICAS.get(i), THINK_MIN, THINK_MAX, TIMEOUT,
          CLIENTS_UNTIL);
      cluster.add(CLIENTS.get(i), () -> new ClientNode(plan, recorder));
    }
    FaultLog faults = FaultLog.of(cluster);
    FaultPlan.builder()
        .partition(PARTITION_AT, List.of("r1", "c1"), List.of("r2", "r3", "c2", "c3"))
        .heal(HEAL_AT)
        .build()
        .schedule(faults);
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
    new Outcome(cluster, faults, history, lin, staleness, convergence).report(run);
  }

  /** Everything one run produced; {@link #report} turns it into prose, tables, metrics and checks. */
  private record Outcome(Cluster cluster, FaultLog faults, History history,
      LinearizabilityResult linearizability, StalenessResult staleness,
      ConvergenceCheck.Result<String, Long> convergence) {

    void report(ScenarioRun run) {
      run.paragraph(String.format(Locale.ROOT, "Replicas r1, r2, r3 hold one register. A write is applied where it"
          + " arrives, acknowledged at once and pushed to the other replicas once (no retries, no versions)."
          + " Clients c1, c2, c3 each use their own replica, reading or writing every %s-%s until %s. At %s"
          + " {r1,c1} is cut off from {r2,r3,c2,c3}; at %s the network heals.",
          human(THINK_MIN), human(THINK_MAX), human(CLIENTS_UNTIL), human(PARTITION_AT), human(HEAL_AT)));
      run.heading("What happened");
      run.bullets(findings());

      Block.Table.Builder k = Block.Table.builder("staleReads",
          "Stale reads: how many completed writes a read missed (k)",
          new Block.Column("k", Unit.COUNT), new Block.Column("reads", Unit.COUNT));
      staleness.kDistribution().forEach(k::row);
      run.add(k.build());
      Block.Table.Builder t = Block.Table.builder("visibility",
          "t-visibility: reads starting at least t after the newest completed write",
          new Block.Column("t", Unit.NANOSECONDS), new Block.Column("reads", Unit.COUNT),
          new Block.Column("consistent", Unit.COUNT), new Block.Column("P(consistent)", Unit.RATIO));
      for (StalenessResult.VisibilityPoint p : staleness.visibility()) {
        t.row(p.tNanos(), p.reads(), p.consistent(), p.probability());
      }
      run.add(t.build());
      run.add(run.timeline("", faults));
      run.add(diagram(run));

      metrics(run);
      run.check(linearizableCheck());
      run.check(stalenessCheck());
      run.check(convergedCheck());
    }

    private List<String> findings() {
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "%d operations recorded, %d pushes dropped at the cut.",
          linearizability.ops(), cluster.stats().dropped(DropReason.PARTITION)));
      switch (linearizability.valid()) {
        case TRUE -> found.add("The history is linearizable (this seed got lucky).");
        case UNKNOWN -> found.add("Linearizability: unknown (" + linearizability.note() + ").");
        case FALSE -> {
          Counterexample c = linearizability.counterexample();
          StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "The history is NOT linearizable. After a"
              + " linearizable prefix of %d operations (register = %s), none of these fits: %s.", c.prefix().size(),
              c.state(), stuck(c)));
          long first = c.stuck().stream().mapToLong(Operation::invokeTime).min().orElse(Long.MAX_VALUE);
          if (first < PARTITION_AT.toNanos()) {
            s.append(" That is at ").append(Durations.human(first))
                .append(", before the cut: a push still in flight is enough.");
          }
          found.add(s.toString());
        }
        default -> throw new AssertionError(linearizability.valid());
      }
      found.add(String.format(Locale.ROOT, "%d of %d reads were stale (%.1f%%), up to %d writes behind.",
          staleness.staleReads(), staleness.reads(), 100 * staleness.fractionStale(), staleness.maxK()));
      found.add(convergence.valid()
          ? "After the heal the replicas agree."
          : "After the heal the replicas still disagree " + convergence.differences().get(0).values()
              + ": the pushes lost at the cut are never resent.");
      return found;
    }

    /** The clients' operations over the replicas' messages, stale reads marked. */
    private SpaceTime diagram(ScenarioRun run) {
      SpaceTime.Builder d = run.diagram("the whole run: the clients' reads and writes, and the pushes between"
          + " replicas that the cut drops", cluster, faults);
      Set<Operation> stale = new HashSet<>();
      for (StalenessResult.ReadStaleness r : staleness.perRead()) {
        if (r.stale()) {
          stale.add(r.read());
        }
      }
      List<NodeId> ids = cluster.ids();
      HistoryBars.add(d, history, p -> ids.indexOf(cluster.id(CLIENTS.get(p))), stale::contains, 0,
          cluster.simulation().now());
      return d.build();
    }

    private void metrics(ScenarioRun run) {
      run.metric("replicas", Unit.COUNT, REPLICAS.size());
      run.metric("clients", Unit.COUNT, CLIENTS.size());
      for (Op.Fn f : List.of(Op.Fn.READ, Op.Fn.WRITE)) {
        for (Operation.Status s : Operation.Status.values()) {
          run.metric("operations." + f.wireName() + "." + s.wireName(), Unit.COUNT,
              history.operations().stream().filter(o -> o.f() == f && o.status() == s).count());
        }
      }
      run.metric("messagesSent", Unit.COUNT, cluster.stats().sent());
      run.metric("droppedAtPartition", Unit.COUNT, cluster.stats().dropped(DropReason.PARTITION));
      for (String r : REPLICAS) {
        run.metric("finalValues." + r, Unit.TEXT, text(cluster.node(cluster.id(r), ReplicaNode.class).value()));
      }
      stalenessMetrics(run);
    }

    private Check linearizableCheck() {
      Counterexample c = linearizability.counterexample();
      List<Metric> e = new ArrayList<>(List.of(new Metric("verdict", Unit.BOOLEAN, linearizability.valid().asBoolean()),
          Metric.count("ops", linearizability.ops()),
          new Metric("counterexample.prefixLength", Unit.COUNT, c == null ? null : c.prefix().size()),
          new Metric("counterexample.state", Unit.TEXT, c == null ? null : c.state()),
          new Metric("counterexample.stuck", Unit.TEXT, c == null ? null : stuck(c))));
      if (linearizability.valid() == Verdict.UNKNOWN) {
        e.add(Metric.text("note", linearizability.note()));
      }
      return new Check("linearizable", linearizability.valid() == Verdict.TRUE,
          "every operation appears to take effect at one instant between its call and its answer", e);
    }

    /** The staleness check's figures: how many reads missed a completed write, by how much and for how long. */
    private Check stalenessCheck() {
      long maxT = -1;
      for (StalenessResult.ReadStaleness r : staleness.perRead()) {
        if (r.stale()) {
          maxT = Math.max(maxT, r.tVisibility());
        }
      }
      return Check.of("staleness", staleness.valid(),
          "no read returns a value older than a write that completed before the read began",
          Metric.count("reads", staleness.reads()), Metric.count("staleReads", staleness.staleReads()),
          Metric.ratio("fractionStale", staleness.fractionStale()),
          Metric.count("unexplainedReads", staleness.unexplainedReads()), Metric.count("maxK", staleness.maxK()),
          new Metric("maxTVisibility", Unit.NANOSECONDS, maxT < 0 ? null : maxT));
    }

    /** The distribution of k and the t-visibility curve, which the tables show. */
    private void stalenessMetrics(ScenarioRun run) {
      staleness.kDistribution().forEach((k, n) -> run.metric("staleness.kDistribution.k" + k, Unit.COUNT, n));
      List<StalenessResult.VisibilityPoint> curve = staleness.visibility();
      for (int i = 0; i < curve.size(); i++) {
        StalenessResult.VisibilityPoint p = curve.get(i);
        String at = "staleness.visibility.point" + i + ".";
        run.metric(at + "t", Unit.NANOSECONDS, p.tNanos());
        run.metric(at + "reads", Unit.COUNT, p.reads());
        run.metric(at + "consistent", Unit.COUNT, p.consistent());
        run.metric(at + "probability", Unit.RATIO, p.probability());
      }
    }

    private Check convergedCheck() {
      List<Metric> e = new ArrayList<>();
      e.add(Metric.count("replicas", convergence.replicas()));
      e.add(Metric.count("keys", convergence.keys()));
      e.add(Metric.count("differingKeys", convergence.differences().size()));
      for (ConvergenceCheck.Difference<String, Long> d : convergence.differences()) {
        d.values().forEach((replica, v) -> e.add(Metric.text("differences." + d.key() + "." + replica, text(v))));
      }
      return new Check("converged", convergence.valid(), "after the heal every replica holds the same value", e);
    }

    /** The operations none of which fits after the counterexample's prefix, as the checker prints them. */
    private static String stuck(Counterexample c) {
      return c.stuck().stream().map(Operation::toString).collect(Collectors.joining("; "));
    }

    /** A register value as text: it names the write that wrote it (null before any write). */
    private static String text(Long value) {
      return value == null ? null : Long.toString(value);
    }

    private static String human(Duration d) {
      return Durations.human(d.toNanos());
    }
  }
}
