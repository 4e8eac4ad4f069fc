package dev.caplab.fault;

import dev.caplab.config.Require;
import dev.caplab.net.NodeId;
import dev.caplab.node.NodeOptions;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The immutable settings of a {@link Nemesis}: how often each kind of fault arrives, how long a
 * fault lasts, when the nemesis is active and which nodes it may touch. Build one with {@link
 * #custom()}, start from another with {@link #from(NemesisConfig)}, or take {@link #ofDefaults()};
 * {@link Nemesis#of(NemesisConfig)} makes a run of it.
 *
 * <p>Defaults (each one {@code DEFAULT_*} constant):
 *
 * <ul>
 *   <li>{@code partitionsPerMinute} 2, {@code crashesPerMinute} 1;
 *   <li>{@code clockSkewsPerMinute} <b>0: clock skew is off</b> unless asked for, because a skewed
 *       clock silently breaks anything that orders by wall-clock time (last-writer-wins, leases),
 *       which is a lesson of its own rather than a side effect of "some faults";
 *   <li>{@code meanFaultDuration} 5 s, {@code maxClockOffset} 500 ms;
 *   <li>{@code start} 0, {@code stop} 60 s;
 *   <li>{@code minUpNodes}: unset, which means a majority of the nodes the nemesis may touch;
 *   <li>{@code nodes}: unset, which means every node of the cluster that is not a {@linkplain
 *       NodeOptions#isClient() client}; {@code includeClients} false.
 * </ul>
 *
 * <p>Clients stand for the users of the system, so a nemesis leaves them alone: it never crashes,
 * skews or partitions one unless {@link Builder#includeClients(boolean) includeClients(true)}. The
 * named nodes are checked against the cluster when the nemesis is attached.
 *
 * <p>Bad values fail fast: an {@link IllegalArgumentException} names the setting, the value and the
 * allowed range; a {@code stop} not after {@code start} is an {@link IllegalStateException} at
 * {@link Builder#build()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class NemesisConfig {

  /** Default partition rate: 2 per minute. */
  public static final double DEFAULT_PARTITIONS_PER_MINUTE = 2.0;
  /** Default crash rate: 1 per minute. */
  public static final double DEFAULT_CRASHES_PER_MINUTE = 1.0;
  /** Default clock skew rate: 0 per minute, so clock skew is off unless a config asks for it. */
  public static final double DEFAULT_CLOCK_SKEWS_PER_MINUTE = 0.0;
  /** Default mean time until a fault is undone: 5 s. */
  public static final Duration DEFAULT_MEAN_FAULT_DURATION = Duration.ofSeconds(5);
  /** Default largest clock step, either way: 500 ms. */
  public static final Duration DEFAULT_MAX_CLOCK_OFFSET = Duration.ofMillis(500);
  /** Default start: virtual time 0. */
  public static final Duration DEFAULT_START = Duration.ZERO;
  /** Default stop: virtual time 60 s. */
  public static final Duration DEFAULT_STOP = Duration.ofSeconds(60);
  /** Default fewest running nodes: unset, meaning a majority of the nodes the nemesis may touch. */
  public static final OptionalInt DEFAULT_MIN_UP_NODES = OptionalInt.empty();
  /** Default nodes: none named, meaning every node that is not a client. */
  public static final List<String> DEFAULT_NODES = List.of();
  /** Default for touching client nodes: no. */
  public static final boolean DEFAULT_INCLUDE_CLIENTS = false;

  /** The smallest maxClockOffset: 1 ns. */
  static final Duration MIN_MAX_CLOCK_OFFSET = Duration.ofNanos(1);
  /** The largest maxClockOffset: 1 ns under the longest long, so an offset drawn from [-max, max + 1) fits. */
  static final Duration MAX_MAX_CLOCK_OFFSET = Duration.ofNanos(Long.MAX_VALUE - 1);

  private final double partitionsPerMinute;
  private final double crashesPerMinute;
  private final double clockSkewsPerMinute;
  private final Duration meanFaultDuration;
  private final Duration maxClockOffset;
  private final Duration start;
  private final Duration stop;
  private final OptionalInt minUpNodes;
  private final List<String> nodes;
  private final boolean includeClients;

  private NemesisConfig(Builder b) {
    this.partitionsPerMinute = b.partitionsPerMinute;
    this.crashesPerMinute = b.crashesPerMinute;
    this.clockSkewsPerMinute = b.clockSkewsPerMinute;
    this.meanFaultDuration = b.meanFaultDuration;
    this.maxClockOffset = b.maxClockOffset;
    this.start = b.start;
    this.stop = b.stop;
    this.minUpNodes = b.minUpNodes;
    this.nodes = b.nodes;
    this.includeClients = b.includeClients;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(NemesisConfig base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /** The default configuration (no clock skew; see the class comment). */
  public static NemesisConfig ofDefaults() {
    return Defaults.CONFIG;
  }

  /** Mean number of partitions started per minute of virtual time; 0 means none. */
  public double partitionsPerMinute() {
    return partitionsPerMinute;
  }

  /** Mean number of crashes per minute of virtual time; 0 means none. */
  public double crashesPerMinute() {
    return crashesPerMinute;
  }

  /** Mean number of clock skews per minute of virtual time; 0 (the default) means none. */
  public double clockSkewsPerMinute() {
    return clockSkewsPerMinute;
  }

  /** Mean time until a partition heals, a crashed node restarts or a skewed clock is reset. */
  public Duration meanFaultDuration() {
    return meanFaultDuration;
  }

  /** The largest clock step, ahead or behind. */
  public Duration maxClockOffset() {
    return maxClockOffset;
  }

  /** The virtual time at which faults may begin. */
  public Duration start() {
    return start;
  }

  /** The virtual time at which faults stop and everything the nemesis broke is repaired. */
  public Duration stop() {
    return stop;
  }

  /** The fewest running nodes a crash may leave, as set; empty means a majority. */
  public OptionalInt minUpNodes() {
    return minUpNodes;
  }

  /**
   * The fewest running nodes a crash may leave when the nemesis may touch {@code nodes} nodes:
   * the value set, or else a majority, {@code floor(nodes/2) + 1}.
   */
  public int minUpNodes(int nodes) {
    return minUpNodes.orElseGet(() -> Fault.MajorityMinority.majoritySize(nodes));
  }

  /** The nodes the nemesis may touch, by name; empty means every node that is not a client. */
  public List<String> nodes() {
    return nodes;
  }

  /** Whether the nemesis may touch client nodes. */
  public boolean includeClients() {
    return includeClients;
  }

  @Override
  public String toString() {
    return "NemesisConfig{partitionsPerMinute=" + partitionsPerMinute + ", crashesPerMinute=" + crashesPerMinute
        + ", clockSkewsPerMinute=" + clockSkewsPerMinute + ", meanFaultDuration=" + Durations.exact(meanFaultDuration)
        + ", maxClockOffset=" + Durations.exact(maxClockOffset) + ", start=" + Durations.exact(start)
        + ", stop=" + Durations.exact(stop)
        + ", minUpNodes=" + (minUpNodes.isPresent() ? String.valueOf(minUpNodes.getAsInt()) : "majority")
        + ", nodes=" + (nodes.isEmpty() ? "all" : nodes) + ", includeClients=" + includeClients + "}";
  }

  /** Holder so that {@link #ofDefaults()} builds the defaults once, after the constants exist. */
  private static final class Defaults {
    static final NemesisConfig CONFIG = new Builder().build();
  }

  /**
   * Collects settings for a {@link NemesisConfig}. Each setter checks its value at once and throws
   * {@link IllegalArgumentException} naming the setting, the value and the allowed range; {@link
   * #build()} checks that the settings agree.
   *
   * <p>Not thread-safe: build on one thread.
   */
  public static final class Builder {
    private double partitionsPerMinute = DEFAULT_PARTITIONS_PER_MINUTE;
    private double crashesPerMinute = DEFAULT_CRASHES_PER_MINUTE;
    private double clockSkewsPerMinute = DEFAULT_CLOCK_SKEWS_PER_MINUTE;
    private Duration meanFaultDuration = DEFAULT_MEAN_FAULT_DURATION;
    private Duration maxClockOffset = DEFAULT_MAX_CLOCK_OFFSET;
    private Duration start = DEFAULT_START;
    private Duration stop = DEFAULT_STOP;
    private OptionalInt minUpNodes = DEFAULT_MIN_UP_NODES;
    private List<String> nodes = DEFAULT_NODES;
    private boolean includeClients = DEFAULT_INCLUDE_CLIENTS;

    private Builder() {}

    private Builder(NemesisConfig base) {
      this.partitionsPerMinute = base.partitionsPerMinute;
      this.crashesPerMinute = base.crashesPerMinute;
      this.clockSkewsPerMinute = base.clockSkewsPerMinute;
      this.meanFaultDuration = base.meanFaultDuration;
      this.maxClockOffset = base.maxClockOffset;
      this.start = base.start;
      this.stop = base.stop;
      this.minUpNodes = base.minUpNodes;
      this.nodes = base.nodes;
      this.includeClients = base.includeClients;
    }

    /** Mean number of partitions started per minute of virtual time; 0 turns partitions off. */
    public Builder partitionsPerMinute(double rate) {
      this.partitionsPerMinute = rate("partitionsPerMinute", rate);
      return this;
    }

    /** Mean number of crashes per minute of virtual time; 0 turns crashes off. */
    public Builder crashesPerMinute(double rate) {
      this.crashesPerMinute = rate("crashesPerMinute", rate);
      return this;
    }

    /** Mean number of clock skews per minute of virtual time; 0, the default, turns skews off. */
    public Builder clockSkewsPerMinute(double rate) {
      this.clockSkewsPerMinute = rate("clockSkewsPerMinute", rate);
      return this;
    }

    /** Mean time until a partition heals, a crashed node restarts or a skewed clock is reset. */
    public Builder meanFaultDuration(Duration mean) {
      this.meanFaultDuration = Require.positive("meanFaultDuration", mean);
      return this;
    }

    /** The largest clock step, ahead or behind. */
    public Builder maxClockOffset(Duration max) {
      this.maxClockOffset = Require.between("maxClockOffset", max, MIN_MAX_CLOCK_OFFSET, MAX_MAX_CLOCK_OFFSET);
      return this;
    }

    /** The virtual time at which faults may begin. */
    public Builder start(Duration start) {
      this.start = Require.nonNegative("start", start);
      return this;
    }

    /** The virtual time at which faults stop and everything is repaired; must be after start. */
    public Builder stop(Duration stop) {
      this.stop = Require.positive("stop", stop);
      return this;
    }

    /** The fewest nodes a crash may leave running (0 allows crashing every node it may touch). */
    public Builder minUpNodes(int minUpNodes) {
      this.minUpNodes = OptionalInt.of(Require.atLeast("minUpNodes", minUpNodes, 0));
      return this;
    }

    /** Back to the default: a crash may leave no fewer than a majority of the nodes running. */
    public Builder minUpMajority() {
      this.minUpNodes = DEFAULT_MIN_UP_NODES;
      return this;
    }

    /**
     * The only nodes the nemesis may crash, skew or partition, by name; every other node keeps
     * running, keeps its clock and reaches every side of a partition. A client among them also
     * needs {@link #includeClients(boolean) includeClients(true)}.
     */
    public Builder nodes(String... names) {
      Objects.requireNonNull(names, "nodes");
      return nodes(Arrays.asList(names));
    }

    /** As {@link #nodes(String...)}, from a collection (in its iteration order). */
    public Builder nodes(Collection<String> names) {
      Objects.requireNonNull(names, "nodes");
      Require.requireArgument(!names.isEmpty(),
          "nodes must name at least one node, got none; use allNodes() for every node that is not a client");
      Set<String> seen = new LinkedHashSet<>();
      for (String name : names) {
        NodeId.requireValidName(name);
        Require.requireArgument(seen.add(name), "nodes must not name a node twice, got '%s' twice in %s", name, names);
      }
      this.nodes = List.copyOf(seen);
      return this;
    }

    /** Back to the default: the nemesis may touch every node that is not a client. */
    public Builder allNodes() {
      this.nodes = DEFAULT_NODES;
      return this;
    }

    /** Whether the nemesis may touch client nodes too (by default it may not). */
    public Builder includeClients(boolean includeClients) {
      this.includeClients = includeClients;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException if {@code stop} is not after {@code start}
     */
    public NemesisConfig build() {
      Require.requireState(stop.compareTo(start) > 0, "stop must be after start (%s), got %s",
          Durations.exact(start), Durations.exact(stop));
      return new NemesisConfig(this);
    }

    /** A rate of faults per minute: finite and >= 0. */
    private static double rate(String name, double perMinute) {
      return Require.atLeast(name, Require.finite(name, perMinute), 0.0);
    }
  }
}
