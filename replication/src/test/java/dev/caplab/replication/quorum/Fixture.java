package dev.caplab.replication.quorum;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulation, a cluster and a quorum store whose clients record a history, with helpers to run
 * requests to completion.
 */
final class Fixture {

  static final long MS = 1_000_000L;

  final Simulation sim;
  final Cluster cluster;
  final QuorumCluster store;
  final HistoryRecorder recorder = new HistoryRecorder();

  Fixture(long seed, int storeNodes, int clients, QuorumConfig config, LatencyModel latency) {
    this(seed, storeNodes, clients, config, latency, null);
  }

  Fixture(long seed, int storeNodes, int clients, QuorumConfig config, LatencyModel latency,
      Consumer<QuorumCluster.Builder> tweak) {
    sim = Simulation.withSeed(seed);
    cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom().latency(latency).build());
    QuorumCluster.Builder b = QuorumCluster.builder(cluster).storeNodes(storeNodes).clients(clients)
        .config(config).recorder(recorder);
    if (config.versioning() != Versioning.LWW) {
      b.resolver(SiblingResolver.maxValue()); // a recorded read needs one value
    }
    if (tweak != null) {
      tweak.accept(b);
    }
    store = b.build();
    sim.runFor(Duration.ofNanos(1)); // start every node
  }

  /** The clients' operations so far. */
  History history() {
    return recorder.history();
  }

  static LatencyModel constantMs(long ms) {
    return LatencyModel.constant(Duration.ofMillis(ms));
  }

  /** Configuration with background repair off, so tests see only what they do. */
  static QuorumConfig.Builder quiet() {
    return QuorumConfig.custom().antiEntropy(false).hintedHandoff(false);
  }

  /** Runs a client write to completion and returns its result. */
  QuorumResult write(int client, String key, String value, WriteOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    store.client(client).write(key, value, options, out::add);
    sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }

  /** Runs a client read to completion and returns its result. */
  QuorumResult read(int client, String key, ReadOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    store.client(client).read(key, options, out::add);
    sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }
}
