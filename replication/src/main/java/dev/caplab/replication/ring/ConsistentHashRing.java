package dev.caplab.replication.ring;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Consistent hashing with virtual nodes (Dynamo, Karger et al.): every physical node owns {@code
 * vnodes} tokens on a 64-bit ring, placed at {@link RingHash#hash64} of {@code "name#i"}; a key
 * belongs to the first token clockwise from the key's hash, and its <em>preference list</em> is
 * the first N <em>distinct</em> physical nodes met walking clockwise from there (tokens of a node
 * already on the list are skipped).
 *
 * <p>Adding a node moves to it only the keys whose preference list now includes it (about
 * 1/(n+1) of primary ownership); removing one moves only its share. Placement depends on node
 * names only, never on identity hashes or insertion order, so it is the same in every run.
 *
 * <p>Not thread-safe: mutate and read on one thread (the simulation's).
 *
 * @param <N> the node type (for example {@code NodeId}); named by the function given to {@link
 *     #create(int, Function)}
 */
public final class ConsistentHashRing<N> {

  /** Default virtual nodes per physical node. */
  public static final int DEFAULT_VNODES = 64;
  /** The smallest allowed number of virtual nodes. */
  public static final int MIN_VNODES = 1;

  private final int vnodes;
  private final Function<? super N, String> name;
  private final TreeMap<Long, N> tokens = new TreeMap<>();
  private final Map<String, N> nodes = new LinkedHashMap<>();
  private final Map<String, List<Long>> tokensOf = new LinkedHashMap<>();

  private ConsistentHashRing(int vnodes, Function<? super N, String> name) {
    this.vnodes = vnodes;
    this.name = name;
  }

  /**
   * An empty ring with {@code vnodes} tokens per node; {@code name} gives each node's stable
   * name, which places its tokens.
   *
   * @throws IllegalArgumentException if {@code vnodes < 1}
   */
  public static <N> ConsistentHashRing<N> create(int vnodes, Function<? super N, String> name) {
    Require.atLeast("vnodes", vnodes, MIN_VNODES);
    return new ConsistentHashRing<>(vnodes, Objects.requireNonNull(name, "name"));
  }

  /** A ring of strings named by themselves. */
  public static ConsistentHashRing<String> ofNames(int vnodes) {
    return create(vnodes, Function.identity());
  }

  public int vnodes() {
    return vnodes;
  }

  /** The physical nodes, in the order added. */
  public List<N> nodes() {
    return List.copyOf(nodes.values());
  }

  public int size() {
    return nodes.size();
  }

  /** Adds a node's tokens; a node already present is an error. */
  public void add(N node) {
    String n = Objects.requireNonNull(name.apply(Objects.requireNonNull(node, "node")), "node name");
    if (nodes.containsKey(n)) {
      throw new IllegalArgumentException("node '" + n + "' is already on the ring");
    }
    List<Long> own = new ArrayList<>(vnodes);
    for (int i = 0; i < vnodes; i++) {
      long t = RingHash.hash64(n + "#" + i);
      // A 64-bit collision is astronomically rare; probing keeps placement deterministic anyway.
      while (tokens.containsKey(t)) {
        t++;
      }
      tokens.put(t, node);
      own.add(t);
    }
    nodes.put(n, node);
    tokensOf.put(n, own);
  }

  /** Removes a node's tokens; an unknown node is an error. */
  public void remove(N node) {
    String n = name.apply(Objects.requireNonNull(node, "node"));
    List<Long> own = tokensOf.remove(n);
    if (own == null) {
      throw new IllegalArgumentException("node '" + n + "' is not on the ring; nodes: " + nodes.keySet());
    }
    nodes.remove(n);
    for (Long t : own) {
      tokens.remove(t);
    }
  }

  /** Whether {@code node} is on the ring. */
  public boolean contains(N node) {
    return nodes.containsKey(name.apply(node));
  }

  /**
   * Every token on the ring, in ring order (ascending as signed longs; the range of the first
   * token wraps around from the last). A key belongs to the range ending at the first token at or
   * after its {@link RingHash#hash64} hash: the ranges between consecutive tokens are a store's
   * natural partitions.
   */
  public List<Long> tokens() {
    return List.copyOf(tokens.keySet());
  }

  /** The node owning {@code key}'s hash: the first entry of its preference list. */
  public N primary(String key) {
    requireNonEmpty();
    Map.Entry<Long, N> e = tokens.ceilingEntry(RingHash.hash64(key));
    return e != null ? e.getValue() : tokens.firstEntry().getValue();
  }

  /**
   * The first {@code n} distinct physical nodes clockwise from {@code key}'s hash.
   *
   * @throws IllegalArgumentException if {@code n < 1} or larger than the number of nodes
   */
  public List<N> preferenceList(String key, int n) {
    if (n < 1 || n > nodes.size()) {
      throw new IllegalArgumentException("preference list length n must be between 1 and the number of nodes ("
          + nodes.size() + "), got " + n);
    }
    return walk(key, n);
  }

  /**
   * Every physical node in the order met walking clockwise from {@code key}'s hash: the
   * preference list followed by the fallbacks that hinted handoff uses.
   */
  public List<N> walk(String key) {
    requireNonEmpty();
    return walk(key, nodes.size());
  }

  /**
   * The nodes that share at least one key range with {@code node} when every range is
   * replicated on {@code n} nodes: the peers anti-entropy compares with. In order of first
   * appearance on the ring, deterministically.
   */
  public List<N> neighbours(N node, int n) {
    if (!contains(node)) {
      throw new IllegalArgumentException("node '" + name.apply(node) + "' is not on the ring; nodes: " + nodes.keySet());
    }
    List<N> out = new ArrayList<>();
    for (Long t : tokens.keySet()) {
      List<N> pl = walkFrom(t, Math.min(n, nodes.size()));
      if (pl.contains(node)) {
        for (N other : pl) {
          if (!other.equals(node) && !out.contains(other)) {
            out.add(other);
          }
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  private List<N> walk(String key, int n) {
    requireNonEmpty();
    return walkFrom(RingHash.hash64(Objects.requireNonNull(key, "key")), n);
  }

  private List<N> walkFrom(long h, int n) {
    List<N> out = new ArrayList<>(n);
    for (N node : tokens.tailMap(h, true).values()) {
      if (addDistinct(out, node, n)) {
        return Collections.unmodifiableList(out);
      }
    }
    for (N node : tokens.headMap(h, false).values()) {
      if (addDistinct(out, node, n)) {
        return Collections.unmodifiableList(out);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static <N> boolean addDistinct(List<N> out, N node, int n) {
    if (!out.contains(node)) {
      out.add(node);
    }
    return out.size() == n;
  }

  private void requireNonEmpty() {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("the ring has no nodes");
    }
  }

  @Override
  public String toString() {
    return "ConsistentHashRing{nodes=" + nodes.keySet() + ", vnodes=" + vnodes + "}";
  }
}
