package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.replication.ring.ConsistentHashRing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A Dynamo-style key-value store set up on a {@link Cluster}: store nodes ({@link QuorumNode},
 * each a replica and a coordinator) placed on a consistent-hash ring, and client processes
 * ({@link QuorumClient}). This is the building block for measurements: run a workload through the
 * clients (or through {@link #node(NodeId)} coordinators directly), then look at results, {@link
 * #metrics()} and replica states.
 *
 * <pre>{@code
 * Simulation sim = Simulation.withSeed(7);
 * Cluster cluster = Cluster.create(sim);
 * QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(5).clients(2)
 *     .config(QuorumConfig.custom().replicationFactor(3).build()).build();
 * sim.runFor(Duration.ofMillis(1));                 // let the nodes start
 * store.client(0).write("k", "v1", r -> {});
 * sim.runFor(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Store nodes are named {@code n0, n1, ...} and clients {@code c0, c1, ...} (prefixes
 * configurable); client {@code i} uses store node {@code i mod storeNodes} as its default
 * coordinator. Clients are added as {@linkplain NodeOptions#isClient() client nodes}, so a nemesis
 * leaves them alone unless asked. Not thread-safe: the simulation thread only.
 */
public final class QuorumCluster {

  /** Default number of store nodes. */
  public static final int DEFAULT_STORE_NODES = 3;
  /** Default number of clients. */
  public static final int DEFAULT_CLIENTS = 1;

  private final Cluster cluster;
  private final QuorumConfig config;
  private final ConsistentHashRing<NodeId> ring;
  private final List<NodeId> storeNodes;
  private final List<NodeId> clients;
  /** Store nodes by {@link NodeId#index()} (null elsewhere): a fast membership check per request. */
  private final NodeId[] storeByIndex;

  private QuorumCluster(Cluster cluster, QuorumConfig config, List<NodeId> storeNodes, List<NodeId> clients) {
    this.cluster = cluster;
    this.config = config;
    this.ring = Placement.ring(config, storeNodes);
    this.storeNodes = storeNodes;
    this.clients = clients;
    int max = 0;
    for (NodeId n : storeNodes) {
      max = Math.max(max, n.index() + 1);
    }
    this.storeByIndex = new NodeId[max];
    for (NodeId n : storeNodes) {
      storeByIndex[n.index()] = n;
    }
  }

  public static Builder builder(Cluster cluster) {
    return new Builder(cluster);
  }

  public Cluster cluster() {
    return cluster;
  }

  public QuorumConfig config() {
    return config;
  }

  /** The ring, as every store node has it (a copy: each node holds its own). */
  public ConsistentHashRing<NodeId> ring() {
    return Placement.ring(config, storeNodes);
  }

  public List<NodeId> storeNodes() {
    return storeNodes;
  }

  public List<NodeId> clientIds() {
    return clients;
  }

  /** The current instance of client {@code i} (its process number). */
  public QuorumClient client(int i) {
    return cluster.node(clients.get(i), QuorumClient.class);
  }

  /** The current instance of a store node (null while it is down). */
  public QuorumNode node(NodeId id) {
    return cluster.node(id, QuorumNode.class);
  }

  /** The key's N replicas, in ring order. */
  public List<NodeId> preferenceList(String key) {
    return ring.preferenceList(key, config.replicationFactor());
  }

  /**
   * Metrics of the whole store as of now: the sum of what each store node and each client
   * reported to the cluster's meter registry.
   */
  public QuorumMetrics metrics() {
    return QuorumMetrics.of(cluster.metrics(), storeNodes, clients);
  }

  /** A replica's stored state of {@code key} (read from its storage, even while it is down). */
  public Siblings replicaState(NodeId node, String key) {
    return (Siblings) cluster.storage(node).get(ReplicaStore.DATA + key);
  }

  /** A replica's whole data, sorted by key. */
  public SortedMap<String, Siblings> replicaData(NodeId node) {
    return ReplicaStore.data(cluster.storage(node));
  }

  /** Starts a read coordinated by {@code coordinator} (shorthand for {@code node(c).read}). */
  public void read(NodeId coordinator, String key, ReadOptions options, Consumer<QuorumResult> done) {
    requireUp(coordinator).read(key, options, done);
  }

  /** Starts a write coordinated by {@code coordinator} (shorthand for {@code node(c).write}). */
  public void write(NodeId coordinator, String key, String value, WriteOptions options, Consumer<QuorumResult> done) {
    requireUp(coordinator).write(key, value, null, options, done);
  }

  /**
   * The keys whose N replicas do not all hold the same state (absent counts as a state), over
   * every key any store node holds; empty when the store has converged.
   */
  public List<String> divergentKeys() {
    TreeSet<String> keys = new TreeSet<>();
    for (NodeId n : storeNodes) {
      keys.addAll(replicaData(n).keySet());
    }
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      List<NodeId> pref = preferenceList(k);
      Siblings first = replicaState(pref.get(0), k);
      for (NodeId r : pref) {
        if (!Objects.equals(first, replicaState(r, k))) {
          out.add(k);
          break;
        }
      }
    }
    return out;
  }

  private boolean isStoreNode(NodeId id) {
    int i = id.index();
    return i >= 0 && i < storeByIndex.length && id.equals(storeByIndex[i]);
  }

  private QuorumNode requireUp(NodeId coordinator) {
    if (!isStoreNode(coordinator)) {
      throw new IllegalArgumentException("coordinator must be a store node " + storeNodes + ", got " + coordinator);
    }
    QuorumNode n = node(coordinator);
    if (n == null) {
      throw new IllegalStateException("coordinator " + coordinator + " is down");
    }
    return n;
  }

  /** Builds a {@link QuorumCluster}; {@link #build()} adds the nodes to the cluster. */
  public static final class Builder {
    private final Cluster cluster;
    private int storeNodes = DEFAULT_STORE_NODES;
    private int clients = DEFAULT_CLIENTS;
    private String storePrefix = "n";
    private String clientPrefix = "c";
    private QuorumConfig config = QuorumConfig.ofDefaults();
    private NodeOptions nodeOptions = NodeOptions.ofDefaults();
    private NodeOptions clientOptions = NodeOptions.ofDefaults();
    private HistoryRecorder recorder;
    private SiblingResolver resolver;

    private Builder(Cluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** How many store nodes, at least 1 and at least N. */
    public Builder storeNodes(int count) {
      this.storeNodes = Require.atLeast("storeNodes", count, 1);
      return this;
    }

    /** How many client processes, at least 0. */
    public Builder clients(int count) {
      this.clients = Require.atLeast("clients", count, 0);
      return this;
    }

    /** Name prefixes of store nodes and clients (defaults "n" and "c"). */
    public Builder names(String storePrefix, String clientPrefix) {
      this.storePrefix = Objects.requireNonNull(storePrefix, "storePrefix");
      this.clientPrefix = Objects.requireNonNull(clientPrefix, "clientPrefix");
      return this;
    }

    public Builder config(QuorumConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Node options (capacity, clock offset and drift) of every store node. */
    public Builder nodeOptions(NodeOptions options) {
      this.nodeOptions = Objects.requireNonNull(options, "nodeOptions");
      return this;
    }

    /** Node options of every client; each is marked a {@linkplain NodeOptions#isClient() client} anyway. */
    public Builder clientOptions(NodeOptions options) {
      this.clientOptions = Objects.requireNonNull(options, "clientOptions");
      return this;
    }

    /**
     * Records every client operation into {@code recorder}, client {@code i} as history process
     * {@code i} (by default nothing is recorded). A client restarted after a crash abandons the
     * operation its crashed incarnation left outstanding ({@link HistoryRecorder#abandon}) when
     * it invokes its next one. Under {@link Versioning#VECTOR} and {@link Versioning#DVV} a
     * {@link #resolver} is needed too: a read of concurrent siblings has no single value to record.
     */
    public Builder recorder(HistoryRecorder recorder) {
      this.recorder = Objects.requireNonNull(recorder, "recorder");
      return this;
    }

    /** Resolves concurrent siblings for the clients' history values (VECTOR and DVV versioning). */
    public Builder resolver(SiblingResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Adds the nodes and clients to the cluster.
     *
     * @throws IllegalArgumentException if N is larger than the number of store nodes
     * @throws IllegalStateException if a recorder is set under sibling-keeping versioning without
     *     a resolver
     */
    public QuorumCluster build() {
      if (config.replicationFactor() > storeNodes) {
        throw new IllegalArgumentException("replicationFactor N must be between 1 and the number of store nodes ("
            + storeNodes + "), got N=" + config.replicationFactor());
      }
      if (recorder != null && resolver == null && config.versioning() != Versioning.LWW) {
        throw new IllegalStateException("a recorder under versioning " + config.versioning()
            + " needs a resolver: a read of concurrent siblings has no single value to record;"
            + " set resolver(...) too, or record no history");
      }
      // Each node is told the store's member names, as a real node reads them from its
      // configuration, and builds its own ring from them when it starts.
      List<String> names = new ArrayList<>();
      for (int i = 0; i < storeNodes; i++) {
        names.add(storePrefix + i);
      }
      List<String> members = List.copyOf(names);
      List<NodeId> stores = new ArrayList<>();
      for (String name : members) {
        stores.add(cluster.add(name, nodeOptions, () -> new QuorumNode(config, members)));
      }
      List<NodeId> clientIds = new ArrayList<>();
      NodeOptions asClient = NodeOptions.from(clientOptions).client(true).build();
      for (int i = 0; i < clients; i++) {
        int process = i;
        NodeId coordinator = stores.get(i % stores.size());
        clientIds.add(cluster.add(clientPrefix + i, asClient,
            () -> new QuorumClient(process, coordinator, config, recorder, resolver)));
        if (recorder != null) {
          recorder.name(process, clientPrefix + i); // explanations then say c0, not process 0
        }
      }
      return new QuorumCluster(cluster, config, Collections.unmodifiableList(stores),
          Collections.unmodifiableList(clientIds));
    }
  }
}
