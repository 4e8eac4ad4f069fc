package dev.caplab.replication.crdt;

import dev.caplab.replication.version.VersionVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The set of dots a replica has seen: a {@link VersionVector} keyed by replica name (every dot
 * {@code r:1..max(r)}) plus a cloud of dots seen out of order, kept compacted (a cloud dot never
 * sits at or just above its replica's maximum). Deltas carry small contexts that are mostly cloud;
 * full states of replicas that exchange whole states have an empty cloud.
 *
 * <p>Immutable and thread-safe. The cloud is a sorted array.
 */
final class CausalContext {

  private static final Dot[] NO_DOTS = new Dot[0];

  static final CausalContext EMPTY = new CausalContext(VersionVector.empty(), NO_DOTS);

  private final VersionVector vector;
  private final Dot[] cloud;

  private CausalContext(VersionVector vector, Dot[] cloud) {
    this.vector = vector;
    this.cloud = cloud;
  }

  /** The compacted context of exactly these dots. */
  static CausalContext of(Collection<Dot> dots) {
    if (dots.isEmpty()) {
      return EMPTY;
    }
    Dot[] sorted = dots.toArray(NO_DOTS);
    Arrays.sort(sorted);
    return compact(VersionVector.empty(), sorted);
  }

  boolean isEmpty() {
    return vector.isEmpty() && cloud.length == 0;
  }

  /** The version-vector entry of {@code replica}: every dot up to it has been seen. */
  long max(ReplicaId replica) {
    return vector.get(replica.name());
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
    if (cloud.length == 0 && dot.counter() == max(dot.replica()) + 1) {
      return new CausalContext(vector.increment(dot.replica().name()), cloud);
    }
    return compact(vector, union(cloud, new Dot[] {dot}));
  }

  CausalContext merge(CausalContext other) {
    if (other == this || other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    VersionVector v = vector.merge(other.vector);
    if (cloud.length == 0 && other.cloud.length == 0) {
      return v == vector ? this : v == other.vector ? other : new CausalContext(v, NO_DOTS);
    }
    CausalContext merged = compact(v, union(cloud, other.cloud));
    return merged.equals(this) ? this : merged;
  }

  /** Whether every dot seen here has been seen by {@code other}. */
  boolean isSubsetOf(CausalContext other) {
    // other is compacted: if its maximum is lower, dot other.max + 1 is not in its cloud either
    if (!other.vector.dominates(vector)) {
      return false;
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
    for (int i = 0; i < vector.size(); i++) {
      bytes += Metadata.replicaName(vector.actor(i)) + Metadata.COUNTER_BYTES;
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

  /** The sorted union of two sorted dot arrays, each dot once. */
  private static Dot[] union(Dot[] a, Dot[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    Dot[] out = new Dot[a.length + b.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      int c = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
      out[n++] = c <= 0 ? a[i] : b[j];
      i += c <= 0 ? 1 : 0;
      j += c >= 0 ? 1 : 0;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * Folds the dots (sorted, possibly repeated) that continue a replica's maximum into the vector,
   * one update per replica; drops covered ones; keeps the rest, each once, as the cloud.
   */
  private static CausalContext compact(VersionVector vector, Dot[] sorted) {
    VersionVector v = vector;
    List<Dot> rest = new ArrayList<>();
    int i = 0;
    while (i < sorted.length) { // one run per replica, counters ascending
      ReplicaId replica = sorted[i].replica();
      long max = v.get(replica.name());
      long top = max;
      for (; i < sorted.length && sorted[i].replica().equals(replica); i++) {
        long counter = sorted[i].counter();
        if (counter == top + 1) {
          top = counter;
        } else if (counter > top && (rest.isEmpty() || !rest.get(rest.size() - 1).equals(sorted[i]))) {
          rest.add(sorted[i]);
        }
      }
      if (top > max) {
        v = v.advance(replica.name(), top);
      }
    }
    return new CausalContext(v, rest.isEmpty() ? NO_DOTS : rest.toArray(NO_DOTS));
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof CausalContext c && vector.equals(c.vector) && Arrays.equals(cloud, c.cloud));
  }

  @Override
  public int hashCode() {
    return vector.hashCode() * 31 + Arrays.hashCode(cloud);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < vector.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(vector.actor(i)).append(":1..").append(vector.counter(i));
    }
    for (Dot d : cloud) {
      b.append(b.length() == 1 ? "" : ", ").append(d);
    }
    return b.append('}').toString();
  }
}
