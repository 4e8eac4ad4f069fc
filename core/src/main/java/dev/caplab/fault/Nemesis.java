package dev.caplab.fault;

import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A seeded random fault generator: partitions, crashes and clock skews arrive as independent
 * Poisson processes (exponential inter-arrival times) at configurable rates between {@code start}
 * and {@code stop}, and each fault is undone after an exponentially distributed duration with mean
 * {@link Builder#meanFaultDuration}. This is the Jepsen nemesis in miniature: a scenario states how
 * hostile the environment is, not which failure happens when, and the seed makes any run that
 * finds a bug replayable.
 *
 * <p>Rules that keep the faults meaningful:
 *
 * <ul>
 *   <li>At most one nemesis partition is in force at a time; a partition that arrives while one
 *       is active is skipped (the arrival process goes on). A partition is chosen uniformly among
 *       random halves (the nodes shuffled and split in two), {@link Fault.Isolate} of a random
 *       node and, with 3 or more nodes, {@link Fault.MajorityMinority} and {@link Fault.Bridge}.
 *       The heal is {@link Fault.Heal}, which also removes blocks made by other code.
 *   <li>A crash picks a random running node, but never leaves fewer than {@code minUpNodes}
 *       running (default: a majority of the cluster's current size, {@code floor(n/2) + 1}), so a
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
 * Logarithms use {@link StrictMath} so the draws are the same on every JVM.
 *
 * <p>A nemesis is one run: {@link #attach(Cluster)} it once. Not thread-safe: configure and attach
 * it on the simulation thread, where it then runs as simulation actions.
 */
public final class Nemesis {

  /** The name of the simulation random stream the nemesis draws from. */
  public static final String RANDOM_STREAM = "nemesis";
  /** Default partition rate: 2 per minute. */
  public static final double DEFAULT_PARTITIONS_PER_MINUTE = 2.0;
  /** Default crash rate: 1 per minute. */
  public static final double DEFAULT_CRASHES_PER_MINUTE = 1.0;
  /** Default clock skew rate: 1 per minute. */
  public static final double DEFAULT_CLOCK_SKEWS_PER_MINUTE = 1.0;
  /** Default mean time until a fault is undone: 5 s. */
  public static final Duration DEFAULT_MEAN_FAULT_DURATION = Duration.ofSeconds(5);
  /** Default largest clock step, either way: 500 ms. */
  public static final Duration DEFAULT_MAX_CLOCK_OFFSET = Duration.ofMillis(500);
  /** Default start: virtual time 0. */
  public static final Duration DEFAULT_START = Duration.ZERO;
  /** Default stop: virtual time 60 s. */
  public static final Duration DEFAULT_STOP = Duration.ofSeconds(60);

  private static final int MAJORITY = -1;
  private static final double NANOS_PER_MINUTE = 60e9;

  private enum Kind { PARTITION, CRASH, CLOCK_SKEW }

  private final double partitionsPerMinute;
  private final double crashesPerMinute;
  private final double clockSkewsPerMinute;
  private final Duration meanFaultDuration;
  private final Duration maxClockOffset;
  private final Duration start;
  private final Duration stop;
  private final int minUpNodes;

  private final List<TimedFault> log = new ArrayList<>();
  private final Set<String> crashed = new LinkedHashSet<>();
  private final Set<String> skewed = new LinkedHashSet<>();
  private Cluster cluster;
  private RandomGenerator random;
  private boolean partitioned;
  private boolean stopped;

  private Nemesis(Builder b) {
    this.partitionsPerMinute = b.partitionsPerMinute;
    this.crashesPerMinute = b.crashesPerMinute;
    this.clockSkewsPerMinute = b.clockSkewsPerMinute;
    this.meanFaultDuration = b.meanFaultDuration;
    this.maxClockOffset = b.maxClockOffset;
    this.start = b.start;
    this.stop = b.stop;
    this.minUpNodes = b.minUpNodes;
  }

  /** Starts configuring a nemesis with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Schedules the nemesis on {@code cluster}'s simulation: its stop, and the first arrival of
   * each fault kind with a non-zero rate. Faults then happen as the simulation runs.
   *
   * @throws IllegalStateException if this nemesis is already attached, or the simulation is
   *     already past {@code start}
   */
  public void attach(Cluster cluster) {
    Objects.requireNonNull(cluster, "cluster");
    if (this.cluster != null) {
      throw new IllegalStateException("this nemesis is already attached; build a new one for another run");
    }
    Simulation simulation = cluster.simulation();
    if (simulation.now() > start.toNanos()) {
      throw new IllegalStateException("nemesis start " + Times.format(start) + " is in the past: the simulation is at "
          + Times.format(simulation.now()));
    }
    this.cluster = cluster;
    this.random = simulation.random(RANDOM_STREAM);
    // Scheduled first, so at the stop time it runs before anything scheduled later for that time.
    simulation.scheduleAt(stop.toNanos(), this::stopNow);
    scheduleArrival(Kind.PARTITION, partitionsPerMinute, start.toNanos());
    scheduleArrival(Kind.CRASH, crashesPerMinute, start.toNanos());
    scheduleArrival(Kind.CLOCK_SKEW, clockSkewsPerMinute, start.toNanos());
  }

  /** Every fault applied so far, repairs included, in the order applied. */
  public List<TimedFault> log() {
    return List.copyOf(log);
  }

  /** Whether the stop time has been reached (and everything repaired). */
  public boolean isStopped() {
    return stopped;
  }

  public double partitionsPerMinute() {
    return partitionsPerMinute;
  }

  public double crashesPerMinute() {
    return crashesPerMinute;
  }

  public double clockSkewsPerMinute() {
    return clockSkewsPerMinute;
  }

  public Duration meanFaultDuration() {
    return meanFaultDuration;
  }

  public Duration maxClockOffset() {
    return maxClockOffset;
  }

  public Duration start() {
    return start;
  }

  public Duration stop() {
    return stop;
  }

  /** The fewest running nodes a crash may leave for a cluster of {@code clusterSize} nodes. */
  public int minUpNodes(int clusterSize) {
    return minUpNodes == MAJORITY ? Fault.MajorityMinority.majoritySize(clusterSize) : minUpNodes;
  }

  @Override
  public String toString() {
    return "Nemesis{partitionsPerMinute=" + partitionsPerMinute + ", crashesPerMinute=" + crashesPerMinute
        + ", clockSkewsPerMinute=" + clockSkewsPerMinute + ", meanFaultDuration=" + Times.format(meanFaultDuration)
        + ", maxClockOffset=" + Times.format(maxClockOffset) + ", start=" + Times.format(start)
        + ", stop=" + Times.format(stop) + ", minUpNodes=" + (minUpNodes == MAJORITY ? "majority" : minUpNodes) + "}";
  }

  private void scheduleArrival(Kind kind, double perMinute, long from) {
    if (perMinute == 0) {
      return;
    }
    long at = after(from, exponentialNanos(NANOS_PER_MINUTE / perMinute));
    if (at < stop.toNanos()) {
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
    List<NodeId> ids = cluster.ids();
    int n = ids.size();
    if (partitioned || n < 2) {
      return;
    }
    // Two nodes allow only halves (0) and isolate (2): a majority of 2 leaves no minority.
    int choice = n >= 3 ? random.nextInt(4) : 2 * random.nextInt(2);
    Fault fault;
    switch (choice) {
      case 0 -> fault = randomHalves(ids);
      case 1 -> fault = new Fault.MajorityMinority();
      case 2 -> fault = new Fault.Isolate(ids.get(random.nextInt(n)).name());
      default -> fault = new Fault.Bridge();
    }
    apply(fault);
    partitioned = true;
    repairLater(() -> {
      apply(new Fault.Heal());
      partitioned = false;
    });
  }

  private Fault randomHalves(List<NodeId> ids) {
    List<String> names = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      names.add(id.name());
    }
    for (int i = names.size() - 1; i > 0; i--) { // Fisher-Yates, on the nemesis stream
      int j = random.nextInt(i + 1);
      names.set(j, names.set(i, names.get(j)));
    }
    int half = names.size() / 2;
    return new Fault.Partition(List.of(names.subList(0, half), names.subList(half, names.size())));
  }

  private void crash() {
    List<NodeId> live = new ArrayList<>();
    for (NodeId id : cluster.ids()) {
      if (cluster.isUp(id)) {
        live.add(id);
      }
    }
    if (live.size() - 1 < minUpNodes(cluster.ids().size())) {
      return;
    }
    String name = live.get(random.nextInt(live.size())).name();
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
    for (NodeId id : cluster.ids()) {
      if (!skewed.contains(id.name())) {
        candidates.add(id.name());
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    String name = candidates.get(random.nextInt(candidates.size()));
    long max = maxClockOffset.toNanos();
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
    long at = after(cluster.simulation().now(), exponentialNanos(meanFaultDuration.toNanos()));
    if (at < stop.toNanos()) {
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
    fault.apply(cluster);
    log.add(new TimedFault(Duration.ofNanos(cluster.simulation().now()), fault));
  }

  /** An exponentially distributed duration with the given mean, at least 1 ns so time advances. */
  private long exponentialNanos(double meanNanos) {
    double x = -meanNanos * StrictMath.log1p(-random.nextDouble()); // nextDouble() < 1: finite
    return Math.max(1L, Math.round(x)); // Math.round saturates at Long.MAX_VALUE
  }

  private static long after(long from, long delay) {
    return delay > Long.MAX_VALUE - from ? Long.MAX_VALUE : from + delay;
  }

  /**
   * Configures a {@link Nemesis}; every setter validates its argument at once, and {@link
   * #build()} checks that the settings agree. Defaults are the {@code DEFAULT_*} constants; {@code
   * minUpNodes} defaults to a majority of the cluster.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private double partitionsPerMinute = DEFAULT_PARTITIONS_PER_MINUTE;
    private double crashesPerMinute = DEFAULT_CRASHES_PER_MINUTE;
    private double clockSkewsPerMinute = DEFAULT_CLOCK_SKEWS_PER_MINUTE;
    private Duration meanFaultDuration = DEFAULT_MEAN_FAULT_DURATION;
    private Duration maxClockOffset = DEFAULT_MAX_CLOCK_OFFSET;
    private Duration start = DEFAULT_START;
    private Duration stop = DEFAULT_STOP;
    private int minUpNodes = MAJORITY;

    private Builder() {}

    /** Mean number of partitions started per minute of virtual time; 0 turns partitions off. */
    public Builder partitionsPerMinute(double rate) {
      this.partitionsPerMinute = requireRate("partitionsPerMinute", rate);
      return this;
    }

    /** Mean number of crashes per minute of virtual time; 0 turns crashes off. */
    public Builder crashesPerMinute(double rate) {
      this.crashesPerMinute = requireRate("crashesPerMinute", rate);
      return this;
    }

    /** Mean number of clock skews per minute of virtual time; 0 turns skews off. */
    public Builder clockSkewsPerMinute(double rate) {
      this.clockSkewsPerMinute = requireRate("clockSkewsPerMinute", rate);
      return this;
    }

    /** Mean time until a partition heals, a crashed node restarts or a skewed clock is reset. */
    public Builder meanFaultDuration(Duration mean) {
      this.meanFaultDuration = Times.requirePositive("meanFaultDuration", mean);
      return this;
    }

    /** The largest clock step, ahead or behind. */
    public Builder maxClockOffset(Duration max) {
      this.maxClockOffset = Times.requirePositive("maxClockOffset", max);
      if (max.toNanos() == Long.MAX_VALUE) {
        throw new IllegalArgumentException("maxClockOffset must be < " + Long.MAX_VALUE + " ns, got " + max);
      }
      return this;
    }

    /** The virtual time at which faults may begin. */
    public Builder start(Duration start) {
      this.start = Times.requireNonNegative("start", start);
      return this;
    }

    /** The virtual time at which faults stop and everything is repaired; must be after start. */
    public Builder stop(Duration stop) {
      this.stop = Times.requirePositive("stop", stop);
      return this;
    }

    /** The fewest nodes a crash may leave running (0 allows crashing every node). */
    public Builder minUpNodes(int minUpNodes) {
      if (minUpNodes < 0) {
        throw new IllegalArgumentException("minUpNodes must be >= 0, got " + minUpNodes);
      }
      this.minUpNodes = minUpNodes;
      return this;
    }

    /**
     * Builds the nemesis.
     *
     * @throws IllegalStateException if {@code stop} is not after {@code start}
     */
    public Nemesis build() {
      if (stop.compareTo(start) <= 0) {
        throw new IllegalStateException("stop (" + Times.format(stop) + ") must be after start ("
            + Times.format(start) + ")");
      }
      return new Nemesis(this);
    }

    private static double requireRate(String name, double rate) {
      if (!(rate >= 0 && Double.isFinite(rate))) {
        throw new IllegalArgumentException(name + " must be a finite rate >= 0 per minute, got " + rate);
      }
      return rate;
    }
  }
}
