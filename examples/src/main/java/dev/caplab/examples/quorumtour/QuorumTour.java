package dev.caplab.examples.quorumtour;

import dev.caplab.examples.quorum.MixedWorkload;
import dev.caplab.examples.quorum.StaleReads;
import dev.caplab.examples.scenario.DiagramWindow;
import dev.caplab.examples.scenario.HistoryBars;
import dev.caplab.examples.scenario.Scenario;
import dev.caplab.examples.scenario.ScenarioRun;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.history.Operation;
import dev.caplab.time.Durations;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The same workload at ONE, QUORUM and ALL (N=3, reads and writes at the same level), with a
 * partition in the middle that cuts one replica and its client off from the rest.
 *
 * <p>What it teaches (PACELC in numbers): else (no partition) the choice is latency against
 * consistency: ONE answers fastest and returns stale values, ALL is slowest. If partitioned, the
 * choice is availability against consistency: ONE keeps answering on both sides and the cut-off
 * side serves stale values, QUORUM keeps the majority side available and refuses the minority, ALL
 * refuses everyone; QUORUM and ALL never return a stale value (no sloppy quorum).
 *
 * <p>Setup: store nodes n0, n1, n2 and clients c0, c1, c2 (client ci coordinates through ni), LNKD-DISK
 * latencies (slow, heavy-tailed disk writes), 2 keys, half reads, each client thinking up to
 * {@link #MAX_THINK} between operations until {@link #RUN_UNTIL}. At {@link #PARTITION_AT} the
 * network splits into {n0, n1, c0, c1} | {n2, c2}; at {@link #HEAL_AT} it heals. The three levels
 * are the scenario's variants {@code one, quorum, all}, each on a simulation of its own from the
 * same seed, so they see the same latency draws and faults.
 *
 * <p>Stateless and thread-safe; each {@link #run} builds its own simulations.
 */
public final class QuorumTour implements Scenario {

  /** The command-line name. */
  public static final String NAME = "quorum-tour";

  static final Duration PARTITION_AT = Duration.ofSeconds(1);
  static final Duration HEAL_AT = Duration.ofSeconds(2);
  static final Duration RUN_UNTIL = Duration.ofSeconds(3);
  static final Duration MAX_THINK = Duration.ofMillis(4);
  /** A refused request fails after this long (short, so a refused client still tries often). */
  static final Duration REQUEST_TIMEOUT = Duration.ofMillis(100);
  static final List<Consistency> LEVELS = List.of(Consistency.ONE, Consistency.QUORUM, Consistency.ALL);
  static final int REPLICAS = 3;
  /** The client cut off with one replica; the others stay on the majority side. */
  static final int MINORITY_CLIENT = 2;
  /** Buckets of the operations-over-time chart. */
  static final Duration BUCKET = Duration.ofMillis(100);
  /**
   * QUORUM as the split begins: c2's calls to the cut-off n2 time out while c0 and c1 carry on;
   * about 800 messages.
   */
  static final DiagramWindow WINDOW =
      DiagramWindow.of(variant(Consistency.QUORUM), PARTITION_AT.minusMillis(50), PARTITION_AT.plusMillis(250));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "ONE, QUORUM and ALL through a partition: latency, stale reads and unavailability side by side (PACELC)";
  }

  @Override
  public String question() {
    return "Three replicas serve reads and writes at ONE, QUORUM or ALL, and for one second a partition cuts"
        + " one replica and its client off. What does each level cost in latency, how many of its reads"
        + " are stale, and whom does it refuse while the network is split?";
  }

  @Override
  public List<String> variants() {
    return LEVELS.stream().map(QuorumTour::variant).toList();
  }

  /** See {@link #WINDOW}. */
  @Override
  public DiagramWindow diagram() {
    return WINDOW;
  }

  @Override
  public void run(ScenarioRun run) {
    List<Level> levels = new ArrayList<>();
    for (Consistency level : LEVELS) {
      FaultLog faults = FaultLog.of(Cluster.create(run.simulation(variant(level))));
      MixedWorkload.Result result = workload(level).run(faults);
      levels.add(new Level(level, faults, result, result.stats(),
          result.stats(PARTITION_AT.toNanos(), HEAL_AT.toNanos())));
    }
    new Tour(levels).report(run);
  }

  static MixedWorkload workload(Consistency level) {
    return MixedWorkload.builder().nodes(REPLICAS, REPLICAS)
        .config(QuorumConfig.custom().replicationFactor(REPLICAS).requestTimeout(REQUEST_TIMEOUT)
            .replicaTimeout(REQUEST_TIMEOUT.dividedBy(2)).build())
        .options(ReadOptions.of(level), WriteOptions.of(level))
        .profile(PbsProfile.byName("LNKD-DISK")).keys(2).readFraction(0.5).maxThink(MAX_THINK).until(RUN_UNTIL)
        .faults(FaultPlan.builder()
            .partition(PARTITION_AT, List.of("n0", "n1", "c0", "c1"), List.of("n2", "c2"))
            .heal(HEAL_AT).build())
        .build();
  }

  /** The variant's name: the level in lower case, as in the metrics' names. */
  static String variant(Consistency level) {
    return level.name().toLowerCase(Locale.ROOT);
  }

  /** One level's run: its fault log, what it recorded, and its figures over the run and during the split. */
  private record Level(Consistency level, FaultLog faults, MixedWorkload.Result result, MixedWorkload.Stats all,
      MixedWorkload.Stats split) {

    String name() {
      return variant(level);
    }

    /** The operations of the clients {@code client} accepts that were invoked during the split. */
    Refusals refusedDuringSplit(IntPredicate client) {
      long ops = 0;
      long refused = 0;
      for (Operation o : result.history().operations()) {
        if (o.invokeTime() >= PARTITION_AT.toNanos() && o.invokeTime() < HEAL_AT.toNanos()
            && client.test(o.process())) {
          ops++;
          if (o.status() != Operation.Status.OK) {
            refused++;
          }
        }
      }
      return new Refusals(ops, refused);
    }
  }

  /** How many operations some clients invoked, and how many of them did not succeed. */
  private record Refusals(long ops, long refused) {}

  /** The three levels side by side; {@link #report} turns them into prose, tables, metrics and checks. */
  private record Tour(List<Level> levels) {

    Level at(Consistency c) {
      return levels.get(LEVELS.indexOf(c));
    }

    void report(ScenarioRun run) {
      run.paragraph(String.format(Locale.ROOT, "N=%d replicas n0..n2, clients c0..c2 each through its own node,"
          + " LNKD-DISK latencies (slow, heavy-tailed disk writes), 2 keys, half reads. The same workload runs three"
          + " times, reads and writes at ONE, QUORUM, ALL. At %s the network splits {n0,n1,c0,c1} | {n2,c2}; at %s"
          + " it heals; at %s the clients stop.", REPLICAS, human(PARTITION_AT), human(HEAL_AT), human(RUN_UNTIL)));
      run.add(table());
      run.heading("What happened");
      run.bullets(findings());
      run.add(new Block.Distribution("readLatency", "Read latency (successful reads), by level",
          curves(l -> l.all().readLatency())));
      run.add(new Block.Distribution("writeLatency", "Write latency (successful writes), by level",
          curves(l -> l.all().writeLatency())));
      run.add(throughput());
      timelines(run);
      run.add(diagram(run));
      metrics(run);
      checks(run);
    }

    private Block.Table table() {
      Block.Table.Builder t = Block.Table.builder("levels", String.format(Locale.ROOT,
          "By level, over the whole run and during the split (%s - %s)", human(PARTITION_AT), human(HEAL_AT)),
          new Block.Column("level", Unit.TEXT), new Block.Column("R=W", Unit.COUNT),
          new Block.Column("ops", Unit.COUNT),
          new Block.Column("read p50", Unit.NANOSECONDS), new Block.Column("read p99", Unit.NANOSECONDS),
          new Block.Column("write p99", Unit.NANOSECONDS), new Block.Column("stale", Unit.RATIO),
          new Block.Column("stale (split)", Unit.RATIO), new Block.Column("unavailable", Unit.RATIO),
          new Block.Column("unavailable (split)", Unit.RATIO));
      for (Level l : levels) {
        MixedWorkload.Stats a = l.all();
        MixedWorkload.Stats p = l.split();
        t.row(l.level().name(), l.level().required(REPLICAS), a.ops(), a.readLatency().p50(), a.readLatency().p99(),
            a.writeLatency().p99(), a.fractionStale(), p.fractionStale(), a.fractionUnavailable(),
            p.fractionUnavailable());
      }
      return t.build();
    }

    private List<String> findings() {
      Level one = at(Consistency.ONE);
      Level quorum = at(Consistency.QUORUM);
      Level all = at(Consistency.ALL);
      List<String> found = new ArrayList<>();
      found.add(String.format(Locale.ROOT, "Without a partition you trade latency for consistency: ONE waits for the"
          + " fastest replica, ALL for the slowest, and the disk's heavy tail shows in the write p99: %s at ONE, %s at"
          + " QUORUM, %s at ALL.", p99(one), p99(quorum), p99(all)));
      if (one.split().staleReads() > 0) {
        found.add(String.format(Locale.ROOT, "If partitioned you trade availability for consistency. ONE refused %s of"
            + " operations during the split and kept answering on both sides, but the cut-off side served values the"
            + " other side had already overwritten: %s of its reads were stale then (%d reads), %s over the whole run.",
            pct(one.split().fractionUnavailable()), pct(one.split().fractionStale()), one.split().staleReads(),
            pct(one.all().fractionStale())));
      } else {
        found.add(String.format(Locale.ROOT, "ONE refused %s of operations during the split, and none of its reads"
            + " then was stale (%s over the whole run).", pct(one.split().fractionUnavailable()),
            pct(one.all().fractionStale())));
      }
      Refusals minority = quorum.refusedDuringSplit(p -> p == MINORITY_CLIENT);
      Refusals majority = quorum.refusedDuringSplit(p -> p != MINORITY_CLIENT);
      found.add(String.format(Locale.ROOT, "QUORUM refused %s of operations during the split: %d of c2's %d, cut off"
          + " with n2, and %d of the %d of c0 and c1 on the majority side.", pct(quorum.split().fractionUnavailable()),
          minority.refused(), minority.ops(), majority.refused(), majority.ops()));
      MixedWorkload.Stats allSplit = all.split();
      found.add(String.format(Locale.ROOT, "ALL refused %s of operations during the split: it needs every replica, so"
          + " %s.", pct(allSplit.fractionUnavailable()), allSplit.unavailable() == allSplit.ops()
              ? "nobody was served until the heal"
              : String.format(Locale.ROOT, "it served only %d of %d", allSplit.ops() - allSplit.unavailable(),
                  allSplit.ops())));
      if (quorum.all().staleReads() == 0 && all.all().staleReads() == 0) {
        found.add(String.format(Locale.ROOT, "QUORUM and ALL never returned a stale value (0 of %d and 0 of %d"
            + " successful reads): every read quorum meets every write quorum (R+W>N) and hints do not count towards"
            + " W.", quorum.all().okReads(), all.all().okReads()));
      } else {
        found.add(String.format(Locale.ROOT, "QUORUM returned %d stale values and ALL %d, although every read quorum"
            + " meets every write quorum (R+W>N).", quorum.all().staleReads(), all.all().staleReads()));
      }
      found.add(String.format(Locale.ROOT, "A refused client waits %s for its answer, so it issues fewer operations"
          + " than one that is served (ONE %d, QUORUM %d, ALL %d in all): the unavailable figures count operations.",
          human(REQUEST_TIMEOUT), one.all().ops(), quorum.all().ops(), all.all().ops()));
      return found;
    }

    private List<Block.Curve> curves(Function<Level, LatencyRecorder> recorder) {
      return levels.stream().map(l -> Block.Curve.of(l.level().name(), recorder.apply(l))).toList();
    }

    /** Successful operations per bucket of time (by when they were answered), one line per level. */
    private Block.TimeSeries throughput() {
      int buckets = (int) (RUN_UNTIL.toNanos() / BUCKET.toNanos());
      List<Block.Line> lines = new ArrayList<>();
      for (Level l : levels) {
        long[] times = new long[buckets];
        double[] counts = new double[buckets];
        for (int i = 0; i < buckets; i++) {
          times[i] = i * BUCKET.toNanos();
        }
        for (Operation o : l.result().history().operations()) {
          if (o.status() == Operation.Status.OK && o.completeTime() < RUN_UNTIL.toNanos()) {
            counts[(int) (o.completeTime() / BUCKET.toNanos())]++;
          }
        }
        lines.add(new Block.Line(l.level().name(), times, counts));
      }
      return new Block.TimeSeries("throughput", "Successful operations per " + human(BUCKET) + ", by level",
          Unit.COUNT, lines);
    }

    /** One fault timeline when every level met the same faults at the same times, else one per level. */
    private void timelines(ScenarioRun run) {
      boolean same = levels.stream().allMatch(l -> l.faults().entries().equals(levels.get(0).faults().entries()));
      if (same) {
        run.add(run.timeline("", levels.get(0).faults()));
      } else {
        levels.forEach(l -> run.add(run.timeline(l.level().name(), l.faults())));
      }
    }

    /** The diagram's level: its messages and its clients' operations, stale reads marked. */
    private SpaceTime diagram(ScenarioRun run) {
      Level l = levels.stream().filter(x -> x.name().equals(WINDOW.variant())).findFirst().orElseThrow();
      Cluster cluster = l.faults().cluster();
      SpaceTime.Builder d = run.diagram(l.level().name() + " as the split begins: c2's calls to the cut-off n2"
          + " time out, c0 and c1 carry on", cluster, l.faults());
      Set<Operation> stale = new HashSet<>(StaleReads.of(l.result().history()));
      List<NodeId> ids = cluster.ids();
      HistoryBars.add(d, l.result().history(), p -> ids.indexOf(cluster.id("c" + p)), stale::contains,
          WINDOW.from().toNanos(), WINDOW.to().toNanos());
      return d.build();
    }

    private void metrics(ScenarioRun run) {
      for (Level l : levels) {
        String at = l.name() + ".";
        MixedWorkload.Stats a = l.all();
        MixedWorkload.Stats p = l.split();
        run.metric(at + "ops", Unit.COUNT, a.ops());
        run.metric(at + "staleReads", Unit.COUNT, a.staleReads());
        run.metric(at + "fractionStale", Unit.RATIO, a.fractionStale());
        run.metric(at + "fractionUnavailable", Unit.RATIO, a.fractionUnavailable());
        run.latency(at + "readLatency", a.readLatency());
        run.latency(at + "writeLatency", a.writeLatency());
        run.metric(at + "duringPartition.ops", Unit.COUNT, p.ops());
        run.metric(at + "duringPartition.staleReads", Unit.COUNT, p.staleReads());
        run.metric(at + "duringPartition.fractionStale", Unit.RATIO, p.fractionStale());
        run.metric(at + "duringPartition.fractionUnavailable", Unit.RATIO, p.fractionUnavailable());
      }
    }

    private void checks(ScenarioRun run) {
      run.check(noStale("quorumNoStaleReads", at(Consistency.QUORUM)));
      run.check(noStale("allNoStaleReads", at(Consistency.ALL)));
      MixedWorkload.Stats oneSplit = at(Consistency.ONE).split();
      run.check(Check.of("oneStaleDuringPartition", oneSplit.staleReads() > 0,
          "during the partition some ONE reads return a value the other side has already overwritten",
          Metric.count("staleReadsDuringPartition", oneSplit.staleReads())));
      double u1 = at(Consistency.ONE).split().fractionUnavailable();
      double uq = at(Consistency.QUORUM).split().fractionUnavailable();
      double ua = at(Consistency.ALL).split().fractionUnavailable();
      run.check(Check.of("unavailabilityGrowsWithLevelDuringPartition", u1 < uq && uq < ua,
          "during the partition ONE refuses a smaller share of operations than QUORUM, and QUORUM than ALL",
          Metric.ratio("one", u1), Metric.ratio("quorum", uq), Metric.ratio("all", ua)));
    }

    private static Check noStale(String name, Level l) {
      return Check.of(name, l.all().staleReads() == 0, l.level().name() + " reads never return a value older than a"
          + " write that completed before they began", Metric.count("staleReads", l.all().staleReads()),
          Metric.count("reads", l.all().okReads()));
    }

    private static String p99(Level l) {
      return Durations.human(l.all().writeLatency().p99());
    }
  }

  private static String pct(double fraction) {
    return Unit.RATIO.format(fraction);
  }

  private static String human(Duration d) {
    return Durations.human(d.toNanos());
  }
}
