package dev.caplab.replication.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The set of dots a replica has seen: a version vector (every dot {@code r:1..max(r)}) plus a
 * cloud of dots seen out of order, kept compacted (a cloud dot never sits at or just above its
 * replica's maximum). Deltas carry small contexts that are mostly cloud; full states of replicas
 * that exchange whole states have an empty cloud.
 *
 * <p>Immutable and thread-safe. Replicas and dots are held in sorted arrays.
 */
final class CausalContext {

  static final CausalContext EMPTY = new CausalContext(new ReplicaId[0], new long[0], new Dot[0]);

  private final ReplicaId[] replicas;
  private final long[] maxima;
  private final Dot[] cloud;

  private CausalContext(ReplicaId[] replicas, long[] maxima, Dot[] cloud) {
    this.replicas = replicas;
    this.maxima = maxima;
    this.cloud = cloud;
  }

  /** The compacted context of exactly these dots. */
  static CausalContext of(Collection<Dot> dots) {
    return dots.isEmpty() ? EMPTY : build(new TreeMap<>(), new TreeSet<>(dots));
  }

  boolean isEmpty() {
    return replicas.length == 0 && cloud.length == 0;
  }

  /** The version-vector entry of {@code replica}: every dot up to it has been seen. */
  long max(ReplicaId replica) {
    int i = Arrays.binarySearch(replicas, replica);
    return i >= 0 ? maxima[i] : 0;
  }

  boolean contains(Dot dot) {
    return dot.counter() <= max(dot.replica())
        || (cloud.length > 0 && Arrays.binarySearch(cloud, dot) >= 0);
  }

  /** A dot of {@code replica} newer than every dot of it seen here. */
  Dot nextDot(ReplicaId replica) {
    long top = max(replica);
    for (Dot d : cloud) {
      if (d.replica().equals(replica)) {
        top = Math.max(top, d.counter());
      }
    }
    return new Dot(replica, top + 1);
  }

  CausalContext add(Dot dot) {
    if (contains(dot)) {
      return this;
    }
    int i = Arrays.binarySearch(replicas, dot.replica());
    long current = i >= 0 ? maxima[i] : 0;
    if (cloud.length == 0 && dot.counter() == current + 1) {
      if (i >= 0) {
        long[] m = maxima.clone();
        m[i] = dot.counter();
        return new CausalContext(replicas, m, cloud);
      }
      int at = -(i + 1);
      ReplicaId[] r = new ReplicaId[replicas.length + 1];
      long[] m = new long[maxima.length + 1];
      System.arraycopy(replicas, 0, r, 0, at);
      System.arraycopy(maxima, 0, m, 0, at);
      r[at] = dot.replica();
      m[at] = dot.counter();
      System.arraycopy(replicas, at, r, at + 1, replicas.length - at);
      System.arraycopy(maxima, at, m, at + 1, maxima.length - at);
      return new CausalContext(r, m, cloud);
    }
    TreeSet<Dot> dots = new TreeSet<>(Arrays.asList(cloud));
    dots.add(dot);
    return build(vector(), dots);
  }

  CausalContext merge(CausalContext other) {
    if (other == this || other.isEmpty() || equals(other)) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeMap<ReplicaId, Long> vv = vector();
    for (int i = 0; i < other.replicas.length; i++) {
      vv.merge(other.replicas[i], other.maxima[i], Math::max);
    }
    TreeSet<Dot> dots = new TreeSet<>(Arrays.asList(cloud));
    dots.addAll(Arrays.asList(other.cloud));
    return build(vv, dots);
  }

  /** Whether every dot seen here has been seen by {@code other}. */
  boolean isSubsetOf(CausalContext other) {
    for (int i = 0; i < replicas.length; i++) {
      // other is compacted: if its maximum is lower, dot other.max + 1 is not in its cloud either
      if (other.max(replicas[i]) < maxima[i]) {
        return false;
      }
    }
    for (Dot d : cloud) {
      if (!other.contains(d)) {
        return false;
      }
    }
    return true;
  }

  long metadataBytes() {
    long bytes = 0;
    for (ReplicaId r : replicas) {
      bytes += Metadata.replica(r) + Metadata.COUNTER_BYTES;
    }
    for (Dot d : cloud) {
      bytes += Metadata.dot(d);
    }
    return bytes;
  }

  /** The number of dots held outside the version vector. */
  int cloudSize() {
    return cloud.length;
  }

  private TreeMap<ReplicaId, Long> vector() {
    TreeMap<ReplicaId, Long> vv = new TreeMap<>();
    for (int i = 0; i < replicas.length; i++) {
      vv.put(replicas[i], maxima[i]);
    }
    return vv;
  }

  /** Folds cloud dots that continue a replica's maximum into the vector; drops covered ones. */
  private static CausalContext build(TreeMap<ReplicaId, Long> vv, TreeSet<Dot> dots) {
    List<Dot> rest = new ArrayList<>();
    for (Dot d : dots) { // sorted by replica, then counter: one pass compacts
      long max = vv.getOrDefault(d.replica(), 0L);
      if (d.counter() == max + 1) {
        vv.put(d.replica(), d.counter());
      } else if (d.counter() > max) {
        rest.add(d);
      }
    }
    ReplicaId[] r = new ReplicaId[vv.size()];
    long[] m = new long[vv.size()];
    int i = 0;
    for (Map.Entry<ReplicaId, Long> e : vv.entrySet()) {
      r[i] = e.getKey();
      m[i++] = e.getValue();
    }
    return new CausalContext(r, m, rest.toArray(new Dot[0]));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CausalContext c
        && Arrays.equals(replicas, c.replicas)
        && Arrays.equals(maxima, c.maxima)
        && Arrays.equals(cloud, c.cloud);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(replicas) * 31 + Arrays.hashCode(maxima)) * 31 + Arrays.hashCode(cloud);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < replicas.length; i++) {
      b.append(i == 0 ? "" : ", ").append(replicas[i]).append(":1..").append(maxima[i]);
    }
    for (Dot d : cloud) {
      b.append(b.length() == 1 ? "" : ", ").append(d);
    }
    return b.append('}').toString();
  }
}
