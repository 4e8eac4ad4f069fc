package dev.caplab.examples.quorum;

import dev.caplab.check.Linearizability;
import dev.caplab.check.LinearizabilityResult;
import dev.caplab.check.Models;
import dev.caplab.config.Require;
import dev.caplab.fault.FaultLog;
import dev.caplab.fault.FaultPlan;
import dev.caplab.fault.Nemesis;
import dev.caplab.fault.NemesisConfig;
import dev.caplab.fault.TimedFault;
import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.pbs.PbsProfile;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A closed-loop mixed read/write workload on a quorum store: each client thinks for a random time
 * (uniform up to {@code maxThink}), then reads or writes (a unique value) one of a few keys through
 * its own coordinator, and waits for the answer, until a number of operations has been issued or a
 * time has passed. Faults come from a {@link FaultPlan} and/or a {@link Nemesis}, on one {@link
 * FaultLog}. The clients' operations are recorded as a {@link History}; the {@link Result} derives
 * latency, stale reads, unavailability and linearizability from it.
 *
 * <p>The clients are client nodes, which a nemesis leaves alone unless its config includes
 * clients. A client crashed by such a nemesis loses its outstanding call; a watchdog moves it on
 * once it is back up (the lost operation is recorded as unknown). Immutable once built; {@link
 * #run()} builds its own simulation and nemesis, so the same settings and seed give the same
 * result; {@link #run(FaultLog)} runs on a cluster the caller made, and can draw afterwards.
 */
public final class MixedWorkload {

  private final long seed;
  private final int storeNodes;
  private final int clients;
  private final QuorumConfig config;
  private final ReadOptions read;
  private final WriteOptions write;
  private final double readFraction;
  private final int keys;
  private final Duration maxThink;
  private final long ops;
  private final Duration until;
  private final PbsProfile profile;
  private final FaultPlan faults;
  private final NemesisConfig nemesis;

  private MixedWorkload(Builder b) {
    this.seed = b.seed;
    this.storeNodes = b.storeNodes;
    this.clients = b.clients;
    this.config = b.config;
    this.read = b.read;
    this.write = b.write;
    this.readFraction = b.readFraction;
    this.keys = b.keys;
    this.maxThink = b.maxThink;
    this.ops = b.ops;
    this.until = b.until;
    this.profile = b.profile;
    this.faults = b.faults;
    this.nemesis = b.nemesis;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the workload to its end on a simulation of its own, made from the seed. */
  public Result run() {
    return run(FaultLog.of(Cluster.create(Simulation.withSeed(seed))));
  }

  /**
   * Runs the workload to its end on the cluster of {@code log}, injecting the planned and random
   * faults through {@code log}: for a caller that draws the run afterwards (its timeline, its
   * messages). The cluster's simulation brings its own seed, so the seed setting is not used.
   *
   * @throws IllegalArgumentException if the cluster already has nodes or its simulation has started
   */
  public Result run(FaultLog log) {
    Cluster cluster = log.cluster();
    Simulation sim = cluster.simulation();
    if (!cluster.ids().isEmpty() || sim.now() != 0) {
      throw new IllegalArgumentException("log must be of an empty cluster on a fresh simulation, got nodes "
          + cluster.ids() + " at " + sim.now() + " ns");
    }
    HistoryRecorder history = new HistoryRecorder();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(storeNodes).clients(clients).config(config)
        .recorder(history).build();
    profile.install(cluster, store.storeNodes());
    faults.schedule(log);
    if (nemesis != null) {
      Nemesis.of(nemesis).attach(log);
    }
    sim.runFor(Duration.ofNanos(1)); // start the nodes
    Driver driver = new Driver(sim, cluster, store);
    for (int c = 0; c < clients; c++) {
      driver.think(c);
    }
    sim.runUntil(() -> driver.running == 0, Duration.ofHours(1));
    return new Result(history.history(), sim.now(), sim.trace().hash(), log.entries());
  }

  private final class Driver {
    final Simulation sim;
    final Cluster cluster;
    final QuorumCluster store;
    final RandomGenerator random;
    final long[] tokens = new long[clients];
    final long watchdog;
    int running = clients;
    long issued;
    long values;

    Driver(Simulation sim, Cluster cluster, QuorumCluster store) {
      this.sim = sim;
      this.cluster = cluster;
      this.store = store;
      this.random = sim.random("workload");
      this.watchdog = config.requestTimeout().toNanos() * 3 + 100_000_000L;
    }

    boolean finished() {
      return ops > 0 ? issued >= ops : sim.now() >= until.toNanos();
    }

    void think(int c) {
      sim.schedule(random.nextLong(maxThink.toNanos() + 1), () -> issue(c));
    }

    void issue(int c) {
      if (finished()) {
        running--;
        return;
      }
      NodeId id = store.clientIds().get(c);
      if (!cluster.isUp(id)) {
        sim.schedule(Duration.ofMillis(50), () -> issue(c));
        return;
      }
      long token = ++tokens[c];
      Consumer<QuorumResult> done = r -> next(c, token);
      String key = "k" + random.nextInt(keys);
      boolean isRead = random.nextDouble() < readFraction;
      try {
        if (isRead) {
          store.client(c).read(key, read, done);
        } else {
          store.client(c).write(key, "c" + c + "-" + (++values), write, done);
        }
      } catch (IllegalStateException notStarted) {
        // A restarted client that has not run onStart yet: try again a little later.
        tokens[c]++;
        sim.schedule(Duration.ofMillis(1), () -> issue(c));
        return;
      }
      issued++;
      sim.schedule(watchdog, () -> next(c, token));
    }

    /** Continues client {@code c} after the operation {@code token}, once (answer or watchdog). */
    void next(int c, long token) {
      if (tokens[c] != token) {
        return;
      }
      tokens[c]++;
      think(c);
    }
  }

  /**
   * What a run recorded. Immutable and thread-safe.
   *
   * @param history the clients' operations
   * @param simulatedNanos virtual time at the end
   * @param traceHash the simulation's trace hash
   * @param faults every fault of the run, planned and random, repairs included, in time order
   */
  public record Result(History history, long simulatedNanos, long traceHash, List<TimedFault> faults) {

    /** Figures of the operations invoked in [fromNanos, toNanos). */
    public Stats stats(long fromNanos, long toNanos) {
      LatencyRecorder readLatency = new LatencyRecorder();
      LatencyRecorder writeLatency = new LatencyRecorder();
      long reads = 0;
      long okReads = 0;
      long total = 0;
      long failed = 0;
      for (Operation o : history.operations()) {
        if (o.invokeTime() < fromNanos || o.invokeTime() >= toNanos) {
          continue;
        }
        total++;
        boolean ok = o.status() == Operation.Status.OK;
        if (!ok) {
          failed++;
        }
        if (o.f() == Op.Fn.READ) {
          reads++;
          if (ok) {
            okReads++;
            readLatency.record(o.completeTime() - o.invokeTime());
          }
        } else if (ok) {
          writeLatency.record(o.completeTime() - o.invokeTime());
        }
      }
      long stale = StaleReads.of(history).stream()
          .filter(o -> o.invokeTime() >= fromNanos && o.invokeTime() < toNanos).count();
      return new Stats(total, reads, okReads, stale, failed, readLatency, writeLatency);
    }

    /** Figures of the whole run. */
    public Stats stats() {
      return stats(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Checks the history for linearizability as a key-value map of registers (initially null). */
    public LinearizabilityResult linearizability(Duration budget) {
      return Linearizability.custom().maxDuration(budget).build().check(history, Models.kv(null));
    }
  }

  /**
   * Figures of a set of operations. Latencies are of successful operations, from invocation to
   * completion at the client.
   *
   * @param ops operations
   * @param reads reads (successful or not)
   * @param okReads successful reads
   * @param staleReads successful reads that returned a stale value ({@link StaleReads})
   * @param unavailable operations that did not succeed (fail or unknown)
   */
  public record Stats(long ops, long reads, long okReads, long staleReads, long unavailable,
      LatencyRecorder readLatency, LatencyRecorder writeLatency) {

    /** Stale reads as a percentage of successful reads (0 when there are none). */
    public double stalePct() {
      return okReads == 0 ? 0 : 100.0 * staleReads / okReads;
    }

    /** Operations that did not succeed, as a percentage of all. */
    public double unavailablePct() {
      return ops == 0 ? 0 : 100.0 * unavailable / ops;
    }

    /** Stale reads as a fraction of successful reads (0 when there are none). */
    public double fractionStale() {
      return okReads == 0 ? 0 : (double) staleReads / okReads;
    }

    /** Operations that did not succeed, as a fraction of all (0 when there are none). */
    public double fractionUnavailable() {
      return ops == 0 ? 0 : (double) unavailable / ops;
    }
  }

  /** Configures a {@link MixedWorkload}. Not thread-safe. */
  public static final class Builder {
    private long seed = 1;
    private int storeNodes = 5;
    private int clients = 5;
    private QuorumConfig config = QuorumConfig.ofDefaults();
    private ReadOptions read = ReadOptions.ofDefaults();
    private WriteOptions write = WriteOptions.ofDefaults();
    private double readFraction = 0.5;
    private int keys = 4;
    private Duration maxThink = Duration.ofMillis(20);
    private long ops = 1000;
    private Duration until;
    private PbsProfile profile = PbsProfile.byName("LNKD-SSD");
    private FaultPlan faults = FaultPlan.empty();
    private NemesisConfig nemesis;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Store nodes and clients (client i coordinates through store node i mod storeNodes). */
    public Builder nodes(int storeNodes, int clients) {
      this.storeNodes = storeNodes;
      this.clients = clients;
      return this;
    }

    public Builder config(QuorumConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder options(ReadOptions read, WriteOptions write) {
      this.read = Objects.requireNonNull(read, "read");
      this.write = Objects.requireNonNull(write, "write");
      return this;
    }

    /** The fraction of operations that are reads, in [0, 1]. */
    public Builder readFraction(double readFraction) {
      this.readFraction = Require.between("readFraction", readFraction, 0.0, 1.0);
      return this;
    }

    public Builder keys(int keys) {
      this.keys = keys;
      return this;
    }

    public Builder maxThink(Duration maxThink) {
      this.maxThink = Objects.requireNonNull(maxThink, "maxThink");
      return this;
    }

    /** Stop after this many operations in all (clears {@link #until}). */
    public Builder ops(long ops) {
      this.ops = Require.atLeast("ops", ops, 1L);
      this.until = null;
      return this;
    }

    /** Stop issuing operations at this virtual time (clears {@link #ops}). */
    public Builder until(Duration until) {
      this.until = Objects.requireNonNull(until, "until");
      this.ops = 0;
      return this;
    }

    public Builder profile(PbsProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    public Builder faults(FaultPlan faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The settings of the nemesis each run makes, or null for none. */
    public Builder nemesis(NemesisConfig nemesis) {
      this.nemesis = nemesis;
      return this;
    }

    public MixedWorkload build() {
      return new MixedWorkload(this);
    }
  }
}
