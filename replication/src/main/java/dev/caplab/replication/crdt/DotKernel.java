package dev.caplab.replication.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The add-wins machinery shared by {@link ORSet}, {@link ORMap}'s keys and {@link EWFlag}: each
 * live key maps to the dots of the adds that created it, and a {@link CausalContext} holds every
 * dot ever seen. Removing a key drops its dots but keeps them in the context, so a removed key
 * leaves no tombstone: only the context (one entry per replica once compacted) remembers it.
 *
 * <p>A merge keeps a key's dot if both sides have it, or if the other side has never seen it
 * (a concurrent add); a dot the other side has seen but no longer has was removed there.
 *
 * <p>Immutable and thread-safe. Keys live in a sorted array (binary search; an update copies the
 * array, which is cheap next to tree copying), each key's dots in a small sorted array.
 */
final class DotKernel<K> {

  private static final Object[] NO_KEYS = new Object[0];
  private static final Dot[][] NO_DOTS = new Dot[0][];

  private final Comparator<? super K> order;
  private final Object[] keys;
  private final Dot[][] dots;
  private final CausalContext context;

  private DotKernel(
      Comparator<? super K> order, Object[] keys, Dot[][] dots, CausalContext context) {
    this.order = order;
    this.keys = keys;
    this.dots = dots;
    this.context = context;
  }

  static <K> DotKernel<K> empty(Comparator<? super K> order) {
    return new DotKernel<>(Objects.requireNonNull(order, "order"), NO_KEYS, NO_DOTS, CausalContext.EMPTY);
  }

  Comparator<? super K> order() {
    return order;
  }

  int size() {
    return keys.length;
  }

  @SuppressWarnings("unchecked")
  K key(int i) {
    return (K) keys[i];
  }

  /** The live keys, sorted; the caller must not change the array. */
  Object[] keysArray() {
    return keys;
  }

  CausalContext context() {
    return context;
  }

  @SuppressWarnings("unchecked")
  int indexOf(Object key) {
    return Arrays.binarySearch(keys, key, (a, b) -> order.compare((K) a, (K) b));
  }

  boolean contains(K key) {
    return indexOf(key) >= 0;
  }

  /** The dots of a live key, sorted, or none. */
  List<Dot> dotsOf(K key) {
    int i = indexOf(key);
    return i >= 0 ? List.of(dots[i]) : List.of();
  }

  /** Adds {@code key} with a fresh dot of {@code replica}, replacing the dots it had. */
  DotKernel<K> add(ReplicaId replica, K key) {
    Objects.requireNonNull(key, "key");
    Dot dot = context.nextDot(replica);
    int i = indexOf(key);
    Object[] k;
    Dot[][] d;
    if (i >= 0) {
      k = keys;
      d = dots.clone();
      d[i] = new Dot[] {dot};
    } else {
      int at = -(i + 1);
      k = new Object[keys.length + 1];
      d = new Dot[keys.length + 1][];
      System.arraycopy(keys, 0, k, 0, at);
      System.arraycopy(dots, 0, d, 0, at);
      k[at] = key;
      d[at] = new Dot[] {dot};
      System.arraycopy(keys, at, k, at + 1, keys.length - at);
      System.arraycopy(dots, at, d, at + 1, keys.length - at);
    }
    return new DotKernel<>(order, k, d, context.add(dot));
  }

  /** The delta of {@link #add}: the key with its new dot, and a context of that dot and the replaced ones. */
  DotKernel<K> addDelta(ReplicaId replica, K key) {
    Objects.requireNonNull(key, "key");
    Dot dot = context.nextDot(replica);
    List<Dot> seen = new ArrayList<>(dotsOf(key));
    seen.add(dot);
    return new DotKernel<>(order, new Object[] {key}, new Dot[][] {{dot}}, CausalContext.of(seen));
  }

  /** Removes {@code key}: its dots leave, the context keeps them. */
  DotKernel<K> remove(K key) {
    int i = indexOf(key);
    if (i < 0) {
      return this;
    }
    Object[] k = new Object[keys.length - 1];
    Dot[][] d = new Dot[keys.length - 1][];
    System.arraycopy(keys, 0, k, 0, i);
    System.arraycopy(dots, 0, d, 0, i);
    System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
    System.arraycopy(dots, i + 1, d, i, keys.length - i - 1);
    return new DotKernel<>(order, k, d, context);
  }

  /** The delta of {@link #remove}: no keys, a context of the removed dots (empty if absent). */
  DotKernel<K> removeDelta(K key) {
    return new DotKernel<>(order, NO_KEYS, NO_DOTS, CausalContext.of(dotsOf(key)));
  }

  /** A kernel with no keys and this context: what removing everything leaves. */
  DotKernel<K> clear() {
    return keys.length == 0 ? this : new DotKernel<>(order, NO_KEYS, NO_DOTS, context);
  }

  /** The delta of {@link #clear}: a context of every live dot. */
  DotKernel<K> clearDelta() {
    List<Dot> all = new ArrayList<>();
    for (Dot[] ds : dots) {
      all.addAll(Arrays.asList(ds));
    }
    return new DotKernel<>(order, NO_KEYS, NO_DOTS, CausalContext.of(all));
  }

  /**
   * The join. {@code type} names the owning CRDT in the message thrown when the two sides assign
   * the same dot to different keys.
   */
  @SuppressWarnings("unchecked")
  DotKernel<K> merge(DotKernel<K> other, String type) {
    if (other == this) {
      return this;
    }
    int n = keys.length;
    int m = other.keys.length;
    Object[] rk = new Object[n + m];
    Dot[][] rd = new Dot[n + m][];
    List<Object[]> dropped = new ArrayList<>(0); // {dot, key, Boolean fromThis}
    int size = 0;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      int c = i >= n ? 1 : j >= m ? -1 : order.compare((K) keys[i], (K) other.keys[j]);
      Object key;
      Dot[] kept;
      if (c < 0) {
        key = keys[i];
        kept = survivors(key, dots[i], other.context, true, dropped);
        i++;
      } else if (c > 0) {
        key = other.keys[j];
        kept = survivors(key, other.dots[j], context, false, dropped);
        j++;
      } else {
        key = keys[i];
        kept = join(key, dots[i], other.dots[j], other, dropped);
        i++;
        j++;
      }
      if (kept.length > 0) {
        rk[size] = key;
        rd[size++] = kept;
      }
    }
    if (!dropped.isEmpty()) {
      checkDropped(other, dropped, type);
    }
    return new DotKernel<>(
        order,
        size == rk.length ? rk : Arrays.copyOf(rk, size),
        size == rd.length ? rd : Arrays.copyOf(rd, size),
        context.merge(other.context));
  }

  /** The dots of {@code ds} the other side has not seen; records the ones it has seen (removed there). */
  private static Dot[] survivors(
      Object key, Dot[] ds, CausalContext otherContext, boolean fromThis, List<Object[]> dropped) {
    if (otherContext.isEmpty()) {
      return ds;
    }
    Dot[] out = null;
    int size = 0;
    for (int x = 0; x < ds.length; x++) {
      if (otherContext.contains(ds[x])) {
        dropped.add(new Object[] {ds[x], key, fromThis});
        if (out == null) {
          out = Arrays.copyOf(ds, ds.length);
          size = x;
        }
      } else if (out != null) {
        out[size++] = ds[x];
      }
    }
    return out == null ? ds : Arrays.copyOf(out, size);
  }

  /** Both sides' dots of one key: common dots stay, one-sided dots stay if the other never saw them. */
  private Dot[] join(Object key, Dot[] a, Dot[] b, DotKernel<K> other, List<Object[]> dropped) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    Dot[] out = new Dot[a.length + b.length];
    int size = 0;
    int x = 0;
    int y = 0;
    while (x < a.length || y < b.length) {
      int c = x >= a.length ? 1 : y >= b.length ? -1 : a[x].compareTo(b[y]);
      if (c == 0) {
        out[size++] = a[x++];
        y++;
      } else if (c < 0) {
        if (other.context.contains(a[x])) {
          dropped.add(new Object[] {a[x], key, true});
        } else {
          out[size++] = a[x];
        }
        x++;
      } else {
        if (context.contains(b[y])) {
          dropped.add(new Object[] {b[y], key, false});
        } else {
          out[size++] = b[y];
        }
        y++;
      }
    }
    return size == a.length && Arrays.equals(out, 0, size, a, 0, size) ? a : Arrays.copyOf(out, size);
  }

  /** A dropped dot must be absent on the side that saw it, not held there by another key. */
  private void checkDropped(DotKernel<K> other, List<Object[]> dropped, String type) {
    Map<Dot, Object> thisIndex = null;
    Map<Dot, Object> otherIndex = null;
    for (Object[] drop : dropped) {
      Dot dot = (Dot) drop[0];
      boolean fromThis = (Boolean) drop[2];
      Map<Dot, Object> index;
      if (fromThis) {
        index = otherIndex = otherIndex != null ? otherIndex : other.index();
      } else {
        index = thisIndex = thisIndex != null ? thisIndex : index();
      }
      Object holder = index.get(dot); // lookup only; never iterated
      if (holder != null) {
        Object a = fromThis ? drop[1] : holder;
        Object b = fromThis ? holder : drop[1];
        throw new IllegalStateException(
            type + ".merge: dot " + dot + " is claimed by two different keys: " + a + " and " + b);
      }
    }
  }

  private Map<Dot, Object> index() {
    Map<Dot, Object> index = new HashMap<>();
    for (int x = 0; x < keys.length; x++) {
      for (Dot d : dots[x]) {
        index.put(d, keys[x]);
      }
    }
    return index;
  }

  /** Whether {@code other} has seen every dot seen here and dropped none of the dots kept here. */
  boolean isLessOrEqual(DotKernel<K> other) {
    if (!context.isSubsetOf(other.context)) {
      return false;
    }
    for (int j = 0; j < other.keys.length; j++) {
      int i = indexOf(other.keys[j]);
      for (Dot d : other.dots[j]) {
        if (context.contains(d) && (i < 0 || Arrays.binarySearch(dots[i], d) < 0)) {
          return false; // removed here, still present there: the join would drop it
        }
      }
    }
    return true;
  }

  long metadataBytes() {
    long bytes = context.metadataBytes();
    for (Dot[] ds : dots) {
      for (Dot d : ds) {
        bytes += Metadata.dot(d);
      }
    }
    return bytes;
  }

  /** The number of dots attached to live keys. */
  long dotCount() {
    long count = 0;
    for (Dot[] ds : dots) {
      count += ds.length;
    }
    return count;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DotKernel<?> k
        && Arrays.equals(keys, k.keys)
        && Arrays.deepEquals(dots, k.dots)
        && context.equals(k.context);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(keys) * 31 + Arrays.deepHashCode(dots)) * 31 + context.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int x = 0; x < keys.length; x++) {
      b.append(x == 0 ? "" : ", ").append(keys[x]).append('=').append(Arrays.toString(dots[x]));
    }
    return b.append("} context ").append(context).toString();
  }
}
