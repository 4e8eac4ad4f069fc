package dev.caplab.fault;

import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One run of a seeded random fault generator set up by a {@link NemesisConfig}: partitions,
 * crashes and clock skews arrive as independent Poisson processes (exponential inter-arrival
 * times) at the configured rates between {@code start} and {@code stop}, and each fault is undone
 * after an exponentially distributed duration with mean {@link NemesisConfig#meanFaultDuration()}.
 * This is the Jepsen nemesis in miniature: a scenario states how hostile the environment is, not
 * which failure happens when, and the seed makes any run that finds a bug replayable. Clock skew
 * is off by default ({@link NemesisConfig#DEFAULT_CLOCK_SKEWS_PER_MINUTE} is 0).
 *
 * <p>The nemesis touches only the nodes its config permits, fixed when it is {@linkplain
 * #attach(FaultLog) attached}: the named ones, or else every node that is not a {@linkplain
 * dev.caplab.node.NodeOptions#isClient() client} (clients too with {@code includeClients}). Every
 * choice below is drawn among those nodes, and the others keep running, keep their clocks and
 * keep every link.
 *
 * <p>Rules that keep the faults meaningful:
 *
 * <ul>
 *   <li>At most one nemesis partition is in force at a time; a partition that arrives while one
 *       is active is skipped (the arrival process goes on). A partition is chosen uniformly among
 *       random halves (the nodes shuffled and split in two), the isolation of a random node and,
 *       with 3 or more nodes, majority/minority and bridge, by registration order as in {@link
 *       Fault.MajorityMinority} and {@link Fault.Bridge}. When the nemesis may touch every node of
 *       the cluster these are {@link Fault.Partition}, {@link Fault.Isolate}, {@link
 *       Fault.MajorityMinority} and {@link Fault.Bridge}; among fewer nodes each is a {@link
 *       Fault.Split} of them, which leaves the other nodes' links alone. The heal is {@link
 *       Fault.Heal}, which also removes blocks made by other code.
 *   <li>A crash picks a random running node, but never leaves fewer than {@code minUpNodes} of
 *       the permitted nodes running (default: a majority of them, {@code floor(n/2) + 1}), so a
 *       quorum system can stay available; a crash that would is skipped.
 *   <li>A clock skew steps a random node that the nemesis has not already skewed to an offset
 *       drawn uniformly from [-maxClockOffset, +maxClockOffset], and puts it back to 0 later.
 *   <li>At {@code stop} no new fault starts, and everything the nemesis broke is repaired at once:
 *       the network is healed, every node it crashed is restarted and every clock it skewed is
 *       reset to offset 0, so a scenario can check convergence afterwards. Repairs due after
 *       {@code stop} are dropped.
 * </ul>
 *
 * <p>All randomness comes from the simulation's {@code "nemesis"} stream ({@link
 * Simulation#random(String)}), so adding a nemesis does not change what the network or the nodes
 * draw, and two runs with the same seed apply the same faults at the same times ({@link #log()}).
 * Logarithms use {@link StrictMath} so the draws are the same on every JVM. Every fault goes
 * through the run's {@link FaultLog}, next to planned and reactive faults.
 *
 * <p>A nemesis is one run: {@link #attach(FaultLog)} it once; the config can make any number of
 * them. Not thread-safe: attach it on the simulation thread, where it then runs as simulation
 * actions.
 */
public final class Nemesis {

  /** The name of the simulation random stream the nemesis draws from. */
  public static final String RANDOM_STREAM = "nemesis";

  private static final double NANOS_PER_MINUTE = 60e9;

  private enum Kind { PARTITION, CRASH, CLOCK_SKEW }

  private final NemesisConfig config;
  private final List<TimedFault> log = new ArrayList<>();
  private final Set<String> crashed = new LinkedHashSet<>();
  private final Set<String> skewed = new LinkedHashSet<>();
  private FaultLog faults;
  private Cluster cluster;
  private RandomGenerator random;
  /** The names of the nodes it may touch, in registration order; set by attach. */
  private List<String> nodes;
  private boolean partitioned;
  private boolean stopped;

  private Nemesis(NemesisConfig config) {
    this.config = config;
  }

  /** A nemesis run with {@code config}, not yet attached. */
  public static Nemesis of(NemesisConfig config) {
    return new Nemesis(Objects.requireNonNull(config, "config"));
  }

  /** The settings of this run. */
  public NemesisConfig config() {
    return config;
  }

  /**
   * Schedules the nemesis on the simulation of {@code faults}' cluster: its stop, and the first
   * arrival of each fault kind with a non-zero rate. Faults then happen as the simulation runs,
   * applied and recorded through {@code faults}. The nodes it may touch are fixed now.
   *
   * @throws IllegalStateException if this nemesis is already attached, the simulation is already
   *     past {@code start}, or the cluster has no node the nemesis may touch
   * @throws IllegalArgumentException if the config names a node the cluster does not have, or a
   *     client without {@code includeClients}
   */
  public void attach(FaultLog faults) {
    Objects.requireNonNull(faults, "faults");
    if (this.faults != null) {
      throw new IllegalStateException(
          "this nemesis is already attached; make a new one with Nemesis.of(config) for another run");
    }
    Cluster target = faults.cluster();
    Simulation simulation = target.simulation();
    if (simulation.now() > config.start().toNanos()) {
      throw new IllegalStateException("nemesis start " + Durations.exact(config.start())
          + " is in the past: the simulation is at " + Durations.exact(simulation.now()));
    }
    this.nodes = permittedNodes(config, target);
    this.faults = faults;
    this.cluster = target;
    this.random = simulation.random(RANDOM_STREAM);
    long start = config.start().toNanos();
    // Scheduled first, so at the stop time it runs before anything scheduled later for that time.
    simulation.scheduleAt(config.stop().toNanos(), this::stopNow);
    scheduleArrival(Kind.PARTITION, config.partitionsPerMinute(), start);
    scheduleArrival(Kind.CRASH, config.crashesPerMinute(), start);
    scheduleArrival(Kind.CLOCK_SKEW, config.clockSkewsPerMinute(), start);
  }

  /** Every fault this nemesis applied so far, repairs included, in the order applied. */
  public List<TimedFault> log() {
    return List.copyOf(log);
  }

  /** Whether the stop time has been reached (and everything repaired). */
  public boolean isStopped() {
    return stopped;
  }

  @Override
  public String toString() {
    return "Nemesis{" + config + (nodes == null ? "" : ", attached to " + nodes) + "}";
  }

  /** The names of the nodes {@code config} lets a nemesis touch in {@code cluster}, in registration order. */
  private static List<String> permittedNodes(NemesisConfig config, Cluster cluster) {
    List<String> permitted = new ArrayList<>();
    if (config.nodes().isEmpty()) {
      for (NodeId id : cluster.ids()) {
        if (config.includeClients() || !cluster.options(id).isClient()) {
          permitted.add(id.name());
        }
      }
      if (permitted.isEmpty()) {
        throw new IllegalStateException(cluster.ids().isEmpty()
            ? "the nemesis has no node to touch: the cluster has no nodes yet; attach it after adding them"
            : "the nemesis has no node to touch: all " + cluster.ids().size() + " nodes of the cluster are"
                + " clients; set includeClients(true) to let it touch them");
      }
      return List.copyOf(permitted);
    }
    Set<String> wanted = new LinkedHashSet<>(config.nodes());
    List<String> clients = new ArrayList<>();
    for (NodeId id : cluster.ids()) {
      if (wanted.remove(id.name())) {
        permitted.add(id.name());
        if (!config.includeClients() && cluster.options(id).isClient()) {
          clients.add(id.name());
        }
      }
    }
    if (!wanted.isEmpty()) {
      List<String> known = cluster.ids().stream().map(NodeId::name).toList();
      throw new IllegalArgumentException("nemesis nodes " + wanted + " are not in the cluster; known nodes: " + known);
    }
    if (!clients.isEmpty()) {
      throw new IllegalArgumentException("nemesis nodes " + clients + " are clients; set includeClients(true) to let"
          + " the nemesis touch them, or leave them out of nodes");
    }
    return List.copyOf(permitted);
  }

  private void scheduleArrival(Kind kind, double perMinute, long from) {
    if (perMinute == 0) {
      return;
    }
    long at = after(from, exponentialNanos(NANOS_PER_MINUTE / perMinute));
    if (at < config.stop().toNanos()) {
      cluster.simulation().scheduleAt(at, () -> arrive(kind, perMinute));
    }
  }

  private void arrive(Kind kind, double perMinute) {
    if (stopped) {
      return;
    }
    switch (kind) {
      case PARTITION -> partition();
      case CRASH -> crash();
      case CLOCK_SKEW -> skew();
      default -> throw new AssertionError(kind);
    }
    scheduleArrival(kind, perMinute, cluster.simulation().now());
  }

  private void partition() {
    int n = nodes.size();
    if (partitioned || n < 2) {
      return;
    }
    // Two nodes allow only halves (0) and isolate (2): a majority of 2 leaves no minority.
    int choice = n >= 3 ? random.nextInt(4) : 2 * random.nextInt(2);
    // Over the whole cluster, the cluster-wide faults: one network call and one trace event each.
    boolean whole = n == cluster.ids().size();
    Fault fault;
    switch (choice) {
      case 0 -> {
        List<List<String>> halves = randomHalves();
        fault = whole ? new Fault.Partition(halves) : new Fault.Split(halves);
      }
      case 1 -> {
        int majority = Fault.MajorityMinority.majoritySize(n);
        fault = whole ? new Fault.MajorityMinority()
            : Fault.Split.of(nodes.subList(0, majority), nodes.subList(majority, n));
      }
      case 2 -> {
        String node = nodes.get(random.nextInt(n));
        fault = whole ? new Fault.Isolate(node) : Fault.Split.of(List.of(node), without(node));
      }
      default -> {
        int middle = n / 2; // the shared node is in neither group, so it reaches both
        fault = whole ? new Fault.Bridge() : Fault.Split.of(nodes.subList(0, middle), nodes.subList(middle + 1, n));
      }
    }
    apply(fault);
    partitioned = true;
    repairLater(() -> {
      apply(new Fault.Heal());
      partitioned = false;
    });
  }

  private List<List<String>> randomHalves() {
    List<String> names = new ArrayList<>(nodes);
    for (int i = names.size() - 1; i > 0; i--) { // Fisher-Yates, on the nemesis stream
      int j = random.nextInt(i + 1);
      names.set(j, names.set(i, names.get(j)));
    }
    int half = names.size() / 2;
    return List.of(names.subList(0, half), names.subList(half, names.size()));
  }

  private List<String> without(String node) {
    List<String> others = new ArrayList<>(nodes);
    others.remove(node);
    return others;
  }

  private void crash() {
    List<String> live = new ArrayList<>();
    for (String name : nodes) {
      if (cluster.isUp(cluster.id(name))) {
        live.add(name);
      }
    }
    if (live.size() - 1 < config.minUpNodes(nodes.size())) {
      return;
    }
    String name = live.get(random.nextInt(live.size()));
    apply(new Fault.Crash(name));
    crashed.add(name);
    repairLater(() -> restart(name));
  }

  private void restart(String name) {
    if (crashed.remove(name) && !cluster.isUp(cluster.id(name))) {
      apply(new Fault.Restart(name));
    }
  }

  private void skew() {
    List<String> candidates = new ArrayList<>();
    for (String name : nodes) {
      if (!skewed.contains(name)) {
        candidates.add(name);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    String name = candidates.get(random.nextInt(candidates.size()));
    long max = config.maxClockOffset().toNanos();
    long offset = random.nextLong(-max, max + 1);
    apply(new Fault.ClockOffset(name, Duration.ofNanos(offset)));
    skewed.add(name);
    repairLater(() -> {
      skewed.remove(name);
      apply(new Fault.ClockOffset(name, Duration.ZERO));
    });
  }

  /** Runs {@code repair} after a random fault duration, unless stop (which repairs all) comes first. */
  private void repairLater(Runnable repair) {
    long at = after(cluster.simulation().now(), exponentialNanos(config.meanFaultDuration().toNanos()));
    if (at < config.stop().toNanos()) {
      cluster.simulation().scheduleAt(at, () -> {
        if (!stopped) {
          repair.run();
        }
      });
    }
  }

  private void stopNow() {
    stopped = true;
    if (partitioned) {
      apply(new Fault.Heal());
      partitioned = false;
    }
    for (String name : crashed) {
      if (!cluster.isUp(cluster.id(name))) {
        apply(new Fault.Restart(name));
      }
    }
    crashed.clear();
    for (String name : skewed) {
      apply(new Fault.ClockOffset(name, Duration.ZERO));
    }
    skewed.clear();
  }

  private void apply(Fault fault) {
    log.add(faults.apply(fault));
  }

  /** An exponentially distributed duration with the given mean, at least 1 ns so time advances. */
  private long exponentialNanos(double meanNanos) {
    double x = -meanNanos * StrictMath.log1p(-random.nextDouble()); // nextDouble() < 1: finite
    return Math.max(1L, Math.round(x)); // Math.round saturates at Long.MAX_VALUE
  }

  private static long after(long from, long delay) {
    return delay > Long.MAX_VALUE - from ? Long.MAX_VALUE : from + delay;
  }
}
