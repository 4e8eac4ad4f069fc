package dev.caplab.examples.scenario;

import dev.caplab.fault.FaultLog;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.report.Block;
import dev.caplab.report.Check;
import dev.caplab.report.Metric;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.Unit;
import dev.caplab.sim.Simulation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One run of a scenario, as the scenario sees it: the seed, a simulation per variant (each from
 * the same seed, so every design meets the same seed-derived workload and none perturbs another's
 * random streams), the history recorder, and the report's body, which the scenario fills. The
 * {@link ScenarioRunner} owns it: it combines the simulations' trace hashes and adds the header.
 *
 * <p>Not thread-safe: one run, on one thread.
 */
public final class ScenarioRun {

  private final Scenario scenario;
  private final long seed;
  private final Map<String, Simulation> simulations = new LinkedHashMap<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<Metric> metrics = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private HistoryRecorder history;

  ScenarioRun(Scenario scenario, long seed) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.seed = seed;
  }

  /** The master seed of the run. */
  public long seed() {
    return seed;
  }

  /** The simulation of a scenario without variants. */
  public Simulation simulation() {
    if (!scenario.variants().isEmpty()) {
      throw new IllegalStateException("scenario " + scenario.name() + " has variants " + scenario.variants()
          + ": ask for one of them by name");
    }
    return create("");
  }

  /**
   * The simulation of {@code variant}, made from the run's seed; journaled when the scenario's
   * diagram shows it.
   *
   * @throws IllegalArgumentException if the scenario declares no such variant
   * @throws IllegalStateException if it was asked for before (a variant runs once)
   */
  public Simulation simulation(String variant) {
    if (!scenario.variants().contains(variant)) {
      throw new IllegalArgumentException("variant must be one of " + scenario.variants() + ", got '" + variant + "'");
    }
    return create(variant);
  }

  /**
   * Runs {@code runOne} once per constant of {@code variants}, in declared order, each on the
   * variant's own {@link #simulation(String) simulation}, and keeps the results by variant.
   */
  public <V extends Enum<V> & VariantKey, R> Map<V, R> eachVariant(
      Class<V> variants, BiFunction<Simulation, V, R> runOne) {
    Objects.requireNonNull(runOne, "runOne");
    Map<V, R> results = new EnumMap<>(Objects.requireNonNull(variants, "variants"));
    for (V v : variants.getEnumConstants()) {
      results.put(v, runOne.apply(simulation(v.key()), v));
    }
    return results;
  }

  private Simulation create(String variant) {
    if (simulations.containsKey(variant)) {
      throw new IllegalStateException("the simulation of variant '" + variant + "' was made already: a variant runs once");
    }
    Simulation.Builder b = Simulation.builder().seed(seed);
    DiagramWindow w = scenario.diagram();
    if (w != null && w.variant().equals(variant)) {
      b.journal(w.from(), w.to(), w.maxEvents());
    }
    Simulation sim = b.build();
    simulations.put(variant, sim);
    return sim;
  }

  /**
   * The recorder the scenario's clients record their operations into.
   *
   * @throws IllegalStateException if the scenario does not declare that it records a history
   */
  public HistoryRecorder history() {
    if (!scenario.recordsHistory()) {
      throw new IllegalStateException("scenario " + scenario.name() + " does not record a history:"
          + " override recordsHistory() to return true");
    }
    if (history == null) {
      history = new HistoryRecorder();
    }
    return history;
  }

  /** Appends a block to the report's body. */
  public ScenarioRun add(Block block) {
    blocks.add(Objects.requireNonNull(block, "block"));
    return this;
  }

  /** Appends a heading. */
  public ScenarioRun heading(String text) {
    return add(new Block.Heading(text));
  }

  /** Appends a paragraph. */
  public ScenarioRun paragraph(String text) {
    return add(new Block.Paragraph(text));
  }

  /** Appends a list of findings. */
  public ScenarioRun bullets(List<String> items) {
    return add(new Block.Bullets(items));
  }

  /** Adds a metric. */
  public ScenarioRun metric(String name, Unit unit, Object value) {
    metrics.add(new Metric(name, unit, value));
    return this;
  }

  /**
   * Adds the figures of a latency distribution under {@code name}: {@code name.count} and {@code
   * name.p50}, {@code .p90}, {@code .p99}, {@code .p999}, {@code .max} in nanoseconds.
   */
  public ScenarioRun latency(String name, LatencyRecorder r) {
    metric(name + ".count", Unit.COUNT, r.count());
    metric(name + ".p50", Unit.NANOSECONDS, r.p50());
    metric(name + ".p90", Unit.NANOSECONDS, r.p90());
    metric(name + ".p99", Unit.NANOSECONDS, r.p99());
    metric(name + ".p999", Unit.NANOSECONDS, r.p999());
    metric(name + ".max", Unit.NANOSECONDS, r.max());
    return this;
  }

  /** Adds a check. */
  public ScenarioRun check(Check check) {
    checks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  /** The fault timeline of {@code faults}' run up to now, for the report's body. */
  public Block.FaultTimeline timeline(String label, FaultLog faults) {
    return new Block.FaultTimeline(label, faults.entries(), faults.cluster().simulation().now());
  }

  /**
   * A space-time diagram of the scenario's {@link Scenario#diagram() window} of {@code cluster}'s
   * run, filled with its messages, crashes and partitions; add client operations, then build it
   * and {@link #add} it.
   *
   * @throws IllegalStateException if the scenario declares no diagram, or {@code cluster} does not
   *     run on the journaled simulation
   */
  public SpaceTime.Builder diagram(String title, Cluster cluster, FaultLog faults) {
    DiagramWindow w = scenario.diagram();
    if (w == null) {
      throw new IllegalStateException("scenario " + scenario.name() + " declares no diagram window");
    }
    Simulation journaled = simulations.get(w.variant());
    if (journaled == null || cluster.simulation() != journaled) {
      throw new IllegalStateException("the diagram shows variant '" + w.variant()
          + "': draw it from the cluster on that variant's simulation");
    }
    List<String> names = cluster.ids().stream().map(NodeId::name).toList();
    long to = Math.min(w.to().toNanos(), journaled.now());
    return SpaceTime.builder("diagram", title, names, w.from().toNanos(), Math.max(w.from().toNanos(), to))
        .trace(journaled.trace().journal())
        .faults(faults.entries());
  }

  Map<String, Simulation> simulations() {
    return simulations;
  }

  List<Block> blocks() {
    return blocks;
  }

  List<Metric> metrics() {
    return metrics;
  }

  List<Check> checks() {
    return checks;
  }

  HistoryRecorder recorder() {
    return history;
  }
}
