package dev.caplab.replication.pbs;

import dev.caplab.config.Require;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.quorum.FanOut;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.ReadOk;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.ReadRepair;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Measures PBS t-visibility on the real quorum protocol: each trial writes a fresh value through
 * one coordinator, waits for the commit (W acknowledgements), starts a read of the same key exactly
 * t later, and checks whether the read returned the committed value. The read goes through the same
 * coordinator, or through a replica of the key chosen at random ({@link ReadCoordinator}; the
 * profile's default unless set). Read repair, hinted handoff and anti-entropy are off, so only the
 * write's own messages can make it visible, as in the paper's WARS model. Besides one row per t,
 * the result holds every trial's {@link VisibilityWindows visibility window}, measured from the
 * deliveries of its messages (and checked against what its read returned), which gives P at every
 * t and the t-visibility.
 *
 * <p>Trials run concurrently on separate keys ({@value #SLOTS} at a time per t); trials that share a
 * key run one after the other. A late write request of an earlier trial carries an older LWW stamp
 * (one coordinator, one clock), so it can never make a later trial look consistent. The write
 * coordinator ({@code n0}) is a replica of every key used: under WAN it is the writer's datacenter.
 *
 * <p>Immutable once built; {@link #run()} builds its own simulation, so it is thread-safe and the
 * same settings and seed give the same result.
 */
public final class PbsExperiment {

  /** Default replication factor. */
  public static final int DEFAULT_N = 3;
  /** Default trials per t. */
  public static final int DEFAULT_TRIALS = 10_000;
  /** Default seed. */
  public static final long DEFAULT_SEED = 1;
  /** Concurrent trials per t (each on its own key). */
  static final int SLOTS = 128;
  /**
   * Request timeout: far beyond any profile's latency tail (the heaviest, LNKD-DISK W's Pareto
   * with alpha 1.51, exceeds 60 s with probability below 1e-7), so no trial times out in practice.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final PbsProfile profile;
  private final int n;
  private final int r;
  private final int w;
  private final int nodes;
  private final FanOut fanOut;
  private final ReadCoordinator readCoordinator;
  private final int trials;
  private final long[] tNanos;
  private final double[] tMillis;
  private final long seed;

  private PbsExperiment(Builder b) {
    this.profile = b.profile;
    this.n = b.n;
    this.r = b.r;
    this.w = b.w;
    this.nodes = b.nodes == 0 ? b.n : b.nodes;
    this.fanOut = b.fanOut;
    this.readCoordinator = b.readCoordinator == null ? b.profile.defaultReadCoordinator() : b.readCoordinator;
    this.trials = b.trials;
    this.tMillis = b.tMillis.stream().mapToDouble(Double::doubleValue).toArray();
    this.tNanos = new long[tMillis.length];
    for (int i = 0; i < tMillis.length; i++) {
      tNanos[i] = Math.round(tMillis[i] * 1e6);
    }
    this.seed = b.seed;
  }

  public static Builder builder(PbsProfile profile) {
    return new Builder(profile);
  }

  /**
   * The longest read delay t, in whole ms, that {@code trials} trials per t fit into virtual time
   * (which ends at {@code Long.MAX_VALUE} ns): the trials of a key run one after the other, each
   * taking at most t plus a write and a read that end by their {@link #REQUEST_TIMEOUT request
   * timeout}, and the run then waits up to one more timeout for writes still in flight.
   *
   * @throws IllegalArgumentException if {@code trials < 1}
   */
  public static double maxTMillis(int trials) {
    Require.atLeast("trials", trials, 1);
    long timeout = REQUEST_TIMEOUT.toNanos();
    long rounds = (trials + (long) SLOTS - 1) / SLOTS;
    // A third timeout per trial is slack for rounding t to nanoseconds.
    long perTrial = (Long.MAX_VALUE - timeout - 1) / rounds - 3 * timeout;
    return perTrial / 1_000_000;
  }

  /** Runs every trial and returns one row per t. */
  public PbsResult run() {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    QuorumConfig config = QuorumConfig.custom().replicationFactor(n).hintedHandoff(false).antiEntropy(false)
        .requestTimeout(REQUEST_TIMEOUT).build();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(nodes).clients(0).config(config).build();
    NodeId coordinator = store.storeNodes().get(0);
    profile.install(cluster, store.storeNodes());
    sim.runFor(Duration.ofNanos(1)); // start the nodes

    int slots = Math.min(SLOTS, trials);
    List<Key> keys = keysReplicatedOn(store, coordinator, slots * tNanos.length);
    ReadOptions read = ReadOptions.custom().replicas(r).fanOut(fanOut).readRepair(ReadRepair.NONE).build();
    WriteOptions write = WriteOptions.custom().replicas(w).fanOut(fanOut).build();
    Tally[] tallies = new Tally[tNanos.length];
    for (int i = 0; i < tNanos.length; i++) {
      tallies[i] = new Tally(tNanos[i]);
    }
    WindowRecorder windows = new WindowRecorder(r);
    cluster.network().addDeliveryListener(windows);
    Runner runner = new Runner(sim, store, coordinator, read, write, sim.random("pbs-read-coordinator"), windows);
    for (int i = 0; i < tallies.length; i++) {
      for (int s = 0; s < slots; s++) {
        runner.start(tallies[i], keys.get(i * slots + s));
      }
    }
    long total = (long) trials * tallies.length;
    sim.runUntil(() -> runner.finished == total);
    if (runner.finished != total) {
      throw new IllegalStateException("PBS run stopped after " + runner.finished + " of " + total + " trials");
    }
    sim.runUntil(() -> windows.waiting() == 0, REQUEST_TIMEOUT); // writes still in flight decide some windows
    List<PbsResult.Row> rows = new ArrayList<>();
    for (int i = 0; i < tallies.length; i++) {
      Tally t = tallies[i];
      rows.add(new PbsResult.Row(tMillis[i], t.done, t.consistent, t.failed, ms(t.readLatency.p50()),
          ms(t.readLatency.p999()), ms(t.writeLatency.p50()), ms(t.writeLatency.p999())));
    }
    return new PbsResult(profile.name(), n, r, w, nodes, fanOut, readCoordinator, seed, rows, windows.finish());
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A key and its N replicas. */
  private record Key(String name, List<NodeId> replicas) {}

  /** The first {@code count} keys "pbs-i" whose preference list includes {@code coordinator}. */
  private static List<Key> keysReplicatedOn(QuorumCluster store, NodeId coordinator, int count) {
    List<Key> keys = new ArrayList<>(count);
    for (int i = 0; keys.size() < count; i++) {
      String k = "pbs-" + i;
      List<NodeId> replicas = store.preferenceList(k);
      if (replicas.contains(coordinator)) {
        keys.add(new Key(k, List.copyOf(replicas)));
      }
    }
    return keys;
  }

  /** The trials of one t. */
  private static final class Tally {
    final long delay;
    final LatencyRecorder readLatency = new LatencyRecorder();
    final LatencyRecorder writeLatency = new LatencyRecorder();
    int started;
    long done;
    long consistent;
    long failed;

    Tally(long delay) {
      this.delay = delay;
    }
  }

  /** Starts trials one after another on a key until its tally has all of them. */
  private final class Runner {
    final Simulation sim;
    final QuorumCluster store;
    final NodeId coordinator;
    final ReadOptions read;
    final WriteOptions write;
    final RandomGenerator readSites;
    final WindowRecorder windows;
    long finished;
    long values;

    Runner(Simulation sim, QuorumCluster store, NodeId coordinator, ReadOptions read, WriteOptions write,
        RandomGenerator readSites, WindowRecorder windows) {
      this.sim = sim;
      this.store = store;
      this.coordinator = coordinator;
      this.read = read;
      this.write = write;
      this.readSites = readSites;
      this.windows = windows;
    }

    void start(Tally tally, Key key) {
      if (tally.started == trials) {
        return;
      }
      tally.started++;
      String value = Long.toString(++values);
      long writeStart = sim.now();
      WindowRecorder.Trial trial = windows.begin(key.name(), value, key.replicas(), tally.delay);
      store.write(coordinator, key.name(), value, write, wr -> {
        if (!wr.ok()) {
          windows.failed(trial);
          end(tally, key, false, true);
          return;
        }
        tally.writeLatency.record(sim.now() - writeStart);
        if (tally.delay == 0) {
          read(tally, key, value, trial); // at the commit instant, inside the coordinator's commit callback
        } else {
          sim.schedule(tally.delay, () -> read(tally, key, value, trial));
        }
      });
    }

    private void read(Tally tally, Key key, String value, WindowRecorder.Trial trial) {
      NodeId at = readCoordinator == ReadCoordinator.SAME
          ? coordinator : key.replicas().get(readSites.nextInt(key.replicas().size()));
      long readStart = sim.now();
      windows.readStarted(trial, at, readStart);
      store.read(at, key.name(), read, rr -> {
        if (!(rr instanceof ReadOk ok)) {
          windows.failed(trial);
          end(tally, key, false, true);
          return;
        }
        tally.readLatency.record(sim.now() - readStart);
        boolean consistent = value.equals(ok.value());
        windows.readDone(trial, consistent);
        end(tally, key, consistent, false);
      });
    }

    private void end(Tally tally, Key key, boolean consistent, boolean failed) {
      tally.done++;
      if (consistent) {
        tally.consistent++;
      }
      if (failed) {
        tally.failed++;
      }
      finished++;
      start(tally, key);
    }
  }

  /**
   * Configures a {@link PbsExperiment}; {@link #build()} checks the settings against each other.
   * Not thread-safe.
   */
  public static final class Builder {
    private final PbsProfile profile;
    private int n = DEFAULT_N;
    private int r = 1;
    private int w = 1;
    private int nodes;
    private FanOut fanOut = FanOut.ALL;
    private ReadCoordinator readCoordinator;
    private int trials = DEFAULT_TRIALS;
    private List<Double> tMillis = List.of(0.0, 1.0, 5.0, 10.0);
    private long seed = DEFAULT_SEED;

    private Builder(PbsProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** Replication factor N, R and W. */
    public Builder quorum(int n, int r, int w) {
      this.n = n;
      this.r = r;
      this.w = w;
      return this;
    }

    /** Store nodes in the cluster (default: N). */
    public Builder nodes(int nodes) {
      this.nodes = nodes;
      return this;
    }

    public Builder fanOut(FanOut fanOut) {
      this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
      return this;
    }

    /** Where each trial's read goes (default: the profile's {@link PbsProfile#defaultReadCoordinator()}). */
    public Builder readCoordinator(ReadCoordinator readCoordinator) {
      this.readCoordinator = Objects.requireNonNull(readCoordinator, "readCoordinator");
      return this;
    }

    /** Trials per t, at least 1. */
    public Builder trials(int trials) {
      this.trials = trials;
      return this;
    }

    /** The read delays after commit, in ms, each >= 0. */
    public Builder tMillis(List<Double> tMillis) {
      this.tMillis = List.copyOf(tMillis);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code N < 1}, R or W is not between 1 and N, N exceeds the
     *     store nodes, {@code trials < 1}, or a t is negative, not finite, above {@link #maxTMillis}, or
     *     none is given
     */
    public PbsExperiment build() {
      if (n < 1) {
        throw new IllegalArgumentException("replication factor N must be >= 1, got N=" + n);
      }
      if (r < 1 || r > n) {
        throw new IllegalArgumentException("read replicas R must be between 1 and N (" + n + "), got R=" + r);
      }
      if (w < 1 || w > n) {
        throw new IllegalArgumentException("write replicas W must be between 1 and N (" + n + "), got W=" + w);
      }
      if (nodes != 0 && n > nodes) {
        throw new IllegalArgumentException("replication factor N must be at most the number of store nodes ("
            + nodes + "), got N=" + n);
      }
      Require.atLeast("trials", trials, 1);
      Require.requireArgument(!tMillis.isEmpty(), "read delays t must name at least one t, got none");
      double maxT = maxTMillis(trials);
      for (double t : tMillis) {
        if (!(t >= 0) || Double.isInfinite(t)) {
          throw new IllegalArgumentException("read delay t must be a finite number of ms >= 0, got " + t);
        }
        if (t > maxT) {
          throw new IllegalArgumentException("read delay t must be at most " + maxT + " ms with " + trials
              + " trials per t, got " + t);
        }
      }
      return new PbsExperiment(this);
    }
  }
}
