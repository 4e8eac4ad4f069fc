package dev.caplab.replication.crdt.store;

import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.Storage;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.store.CrdtMessage.UpdateOk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A replicated CRDT store set up on a {@link Cluster}: {@link CrdtReplica} nodes that each hold a
 * state of type {@code C} per key, take updates locally and converge by gossip (see {@link
 * GossipMode}). Partitions, loss, duplication, crashes and clock skew of the cluster apply as
 * usual; states are kept in each node's {@link Storage}.
 *
 * <pre>{@code
 * Simulation sim = Simulation.withSeed(7);
 * Cluster cluster = Cluster.create(sim);
 * CrdtStore<ORSet<String>> store = CrdtStore.builder(cluster, ORSet.<String>empty())
 *     .replicas("a", "b", "c").config(CrdtStoreConfig.custom().mode(GossipMode.DELTA).build())
 *     .build();
 * sim.runFor(Duration.ofMillis(1));                       // let the replicas start
 * store.update(cluster.id("a"), "cart", (s, u) -> s.addDelta(u.replica(), "milk"));
 * sim.runFor(Duration.ofSeconds(1));
 * store.converged();                                      // true
 * }</pre>
 *
 * <p>Clients may also send {@link CrdtMessage.Update} and {@link CrdtMessage.Read} calls to any
 * replica. Not thread-safe: use it on the simulation thread.
 *
 * @param <C> the CRDT type of every key
 */
public final class CrdtStore<C extends Crdt<C, ?>> {

  private final Cluster cluster;
  private final CrdtStoreConfig config;
  private final C bottom;
  private final List<NodeId> replicas;

  private CrdtStore(Cluster cluster, CrdtStoreConfig config, C bottom, List<NodeId> replicas) {
    this.cluster = cluster;
    this.config = config;
    this.bottom = bottom;
    this.replicas = List.copyOf(replicas);
  }

  /** Starts configuring a store of {@code bottom}'s type; {@code bottom} is every key's initial state. */
  public static <C extends Crdt<C, ?>> Builder<C> builder(Cluster cluster, C bottom) {
    return new Builder<>(cluster, bottom);
  }

  public Cluster cluster() {
    return cluster;
  }

  public CrdtStoreConfig config() {
    return config;
  }

  /** The replicas' node ids, in the order added. */
  public List<NodeId> replicas() {
    return replicas;
  }

  /** What the replicas have shipped to each other so far: the sum of what each reported. */
  public CrdtStoreMetrics metrics() {
    return CrdtStoreMetrics.of(cluster.metrics(), replicas);
  }

  /** The replica's current instance, or null while it is down. */
  @SuppressWarnings("unchecked")
  public CrdtReplica<C> replica(NodeId id) {
    requireReplica(id);
    return (CrdtReplica<C>) cluster.node(id);
  }

  /**
   * Applies {@code mutation} to {@code key} at {@code replica} (the local API).
   *
   * @throws IllegalStateException if the replica is down
   */
  public UpdateOk<C> update(NodeId replica, String key, Mutation<C> mutation) {
    CrdtReplica<C> r = replica(replica);
    if (r == null) {
      throw new IllegalStateException("replica " + replica + " is down: it cannot apply an update");
    }
    return r.update(key, mutation);
  }

  /**
   * A replica's states by key, sorted: its live states when it is up, what its storage holds when
   * it is down.
   */
  public SortedMap<String, C> data(NodeId replica) {
    CrdtReplica<C> r = replica(replica);
    if (r != null) {
      return r.data();
    }
    Storage storage = cluster.storage(replica);
    TreeMap<String, C> out = new TreeMap<>();
    for (String k : storage.keys()) {
      if (k.startsWith(CrdtReplica.STORAGE_PREFIX)) {
        @SuppressWarnings("unchecked")
        C state = (C) storage.get(k);
        out.put(k.substring(CrdtReplica.STORAGE_PREFIX.length()), state);
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private SortedMap<String, C> view(NodeId replica) {
    CrdtReplica<C> r = replica(replica);
    return r != null ? r.view() : data(replica);
  }

  /** A replica's state of {@code key} (the empty state if it never saw the key). */
  public C state(NodeId replica, String key) {
    C s = data(replica).get(key);
    return s != null ? s : bottom;
  }

  /**
   * Replica name to (key to {@code view} of the state), the input of {@code ConvergenceCheck}:
   * for example {@code values(Crdt::value)}, or an application's resolution of siblings.
   */
  public <V> Map<String, Map<String, V>> values(Function<? super C, ? extends V> view) {
    Objects.requireNonNull(view, "view");
    Map<String, Map<String, V>> out = new LinkedHashMap<>();
    for (NodeId r : replicas) {
      Map<String, V> byKey = new LinkedHashMap<>();
      for (Map.Entry<String, C> e : data(r).entrySet()) {
        byKey.put(e.getKey(), view.apply(e.getValue()));
      }
      out.put(r.name(), byKey);
    }
    return out;
  }

  /** Whether every replica holds exactly the same states (values and metadata) for every key. */
  public boolean converged() {
    SortedMap<String, C> first = view(replicas.get(0));
    for (int i = 1; i < replicas.size(); i++) {
      if (!first.equals(view(replicas.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs the simulation until the replicas have {@link #converged()} (checked after every event),
   * for at most {@code limit}.
   *
   * @return the simulated nanoseconds it took, or empty if they had not converged by the limit
   */
  public OptionalLong runUntilConverged(Duration limit) {
    long start = cluster.simulation().now();
    boolean done = cluster.simulation().runUntil(this::converged, limit);
    return done ? OptionalLong.of(cluster.simulation().now() - start) : OptionalLong.empty();
  }

  /** The metadata bytes of one replica's states, summed over keys. */
  public long metadataBytes(NodeId replica) {
    long sum = 0;
    for (C s : data(replica).values()) {
      sum += s.metadataBytes();
    }
    return sum;
  }

  private void requireReplica(NodeId id) {
    Objects.requireNonNull(id, "replica");
    if (!replicas.contains(id)) {
      throw new IllegalArgumentException("not a replica of this store: " + id + "; replicas: " + replicas);
    }
  }

  /** Builds a {@link CrdtStore}; {@link #build()} adds the replica nodes. Not thread-safe. */
  public static final class Builder<C extends Crdt<C, ?>> {
    private final Cluster cluster;
    private final C bottom;
    private final List<String> names = new ArrayList<>();
    private CrdtStoreConfig config = CrdtStoreConfig.ofDefaults();
    private NodeOptions nodeOptions = NodeOptions.ofDefaults();

    private Builder(Cluster cluster, C bottom) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      this.bottom = Objects.requireNonNull(bottom, "bottom");
    }

    /** The replicas' node names (at least 2, unique). */
    public Builder<C> replicas(String... names) {
      return replicas(List.of(names));
    }

    /** The replicas' node names (at least 2, unique). */
    public Builder<C> replicas(List<String> names) {
      if (names.size() < 2) {
        throw new IllegalArgumentException("replicas must name at least 2 nodes, got " + names);
      }
      if (names.stream().distinct().count() != names.size()) {
        throw new IllegalArgumentException("replica names must be unique, got " + names);
      }
      this.names.clear();
      this.names.addAll(names);
      return this;
    }

    public Builder<C> config(CrdtStoreConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Node options (capacity, clock offset and drift) of every replica. */
    public Builder<C> nodeOptions(NodeOptions options) {
      this.nodeOptions = Objects.requireNonNull(options, "nodeOptions");
      return this;
    }

    /**
     * Adds the replicas to the cluster (they start at the current time).
     *
     * @throws IllegalStateException if no replicas were named, or the fan-out is not below their number
     */
    public CrdtStore<C> build() {
      if (names.isEmpty()) {
        throw new IllegalStateException("name the replicas before build()");
      }
      if (config.fanOut() > names.size() - 1) {
        throw new IllegalStateException("fanOut must be <= " + (names.size() - 1)
            + " (the peers of each of the " + names.size() + " replicas), got " + config.fanOut());
      }
      List<NodeId> ids = new ArrayList<>();
      List<String> frozen = List.copyOf(names);
      for (String name : frozen) {
        ids.add(cluster.add(name, nodeOptions, () -> new CrdtReplica<>(config, bottom, frozen)));
      }
      return new CrdtStore<>(cluster, config, bottom, ids);
    }
  }
}
