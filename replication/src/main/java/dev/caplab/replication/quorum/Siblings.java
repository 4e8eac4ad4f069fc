package dev.caplab.replication.quorum;

import dev.caplab.replication.version.VersionVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a replica stores for one key: the versions no other known version supersedes. Under
 * {@link Versioning#LWW} that is always exactly one; under {@link Versioning#VECTOR} it is every
 * version whose clock no other descends from, concurrent writes being kept side by side; under
 * {@link Versioning#DVV} it is every version whose dot no other version's context contains.
 *
 * <p>Versions are kept in a canonical order (by digest, then value), so two replicas that hold the
 * same versions hold equal {@code Siblings}. Immutable and thread-safe.
 *
 * @param versions the surviving versions, canonically ordered, never empty
 */
public record Siblings(List<Versioned> versions) {

  private static final Comparator<Versioned> CANONICAL =
      Comparator.comparingLong(Versioned::digest).thenComparing(Versioned::value);

  public Siblings {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("siblings must hold at least one version");
    }
  }

  /** A single version. */
  public static Siblings of(Versioned v) {
    return new Siblings(List.of(v));
  }

  /** The values, in canonical order. */
  public List<String> values() {
    List<String> out = new ArrayList<>(versions.size());
    for (Versioned v : versions) {
      out.add(v.value());
    }
    return out;
  }

  /** Whether concurrent versions are kept. */
  public boolean hasConflict() {
    return versions.size() > 1;
  }

  /**
   * The join of every version's causal history: its vector clock, or a dotted version's context
   * plus its dot. A write carrying this context supersedes exactly these siblings.
   */
  public VersionVector context() {
    VersionVector c = VersionVector.empty();
    for (Versioned v : versions) {
      if (v.version() instanceof VectorClock vc) {
        c = c.merge(vc.clock());
      } else if (v.version() instanceof DottedVersion dv) {
        c = c.merge(dv.history());
      }
    }
    return c;
  }

  /**
   * A DVV write at the coordinating node: {@code local} (its state of the key, null if none)
   * without the versions whose dots {@code written}'s context contains, plus {@code written}.
   * Versions the writer did not see are kept as siblings.
   */
  static Siblings write(Siblings local, Versioned written) {
    DottedVersion dot = (DottedVersion) written.version();
    List<Versioned> kept = new ArrayList<>();
    kept.add(written);
    if (local != null) {
      for (Versioned v : local.versions) {
        if (!((DottedVersion) v.version()).coveredBy(dot.context())) {
          kept.add(v);
        }
      }
    }
    return canonical(kept);
  }

  /** A deterministic digest of every version, for Merkle trees and convergence checks. */
  public long digest() {
    long h = 17;
    for (Versioned v : versions) {
      h = dev.caplab.replication.ring.RingHash.mix(h, v.digest());
    }
    return h;
  }

  /**
   * The merge of two states ({@code null} meaning absent): the higher stamp for LWW; for vector
   * clocks, every version not superseded by another. Returns one of the inputs when it already is
   * the merge, so an up-to-date replica allocates nothing.
   */
  public static Siblings merge(Siblings a, Siblings b) {
    if (a == null || a == b) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Versioned va = a.versions.get(0);
    if (va.version() instanceof LwwStamp sa) {
      Versioned vb = b.versions.get(0);
      LwwStamp sb = (LwwStamp) vb.version();
      return sa.compareTo(sb) >= 0 ? a : b;
    }
    if (va.version() instanceof DottedVersion) {
      return mergeDotted(a, b);
    }
    if (covers(a, b)) {
      return a;
    }
    if (covers(b, a)) {
      return b;
    }
    List<Versioned> all = new ArrayList<>(a.versions.size() + b.versions.size());
    all.addAll(a.versions);
    all.addAll(b.versions);
    List<Versioned> kept = new ArrayList<>();
    for (Versioned v : all) {
      if (!superseded(v, all) && !containsClock(kept, v)) {
        kept.add(v);
      }
    }
    kept.sort(CANONICAL);
    return new Siblings(kept);
  }

  /**
   * Whether {@code merged}, the result of {@link #merge merge(old, incoming)}, differs from {@code
   * old}. Under LWW, merge returns the incoming state only when its stamp is strictly higher, so a
   * different object is a different state and no deep comparison is needed; vector-clock states
   * are compared.
   */
  static boolean changed(Siblings old, Siblings merged) {
    if (merged == old) {
      return false;
    }
    if (old == null || merged == null) {
      return true;
    }
    return merged.versions.get(0).version() instanceof LwwStamp || !merged.equals(old);
  }

  /**
   * DVV merge: every version of either side whose dot no version of either side has in its
   * context, each dot once. Returns {@code a} or {@code b} when it already is the merge.
   */
  private static Siblings mergeDotted(Siblings a, Siblings b) {
    List<Versioned> all = new ArrayList<>(a.versions.size() + b.versions.size());
    all.addAll(a.versions);
    all.addAll(b.versions);
    List<Versioned> kept = new ArrayList<>();
    for (Versioned v : all) {
      DottedVersion dv = (DottedVersion) v.version();
      boolean obsolete = false;
      for (Versioned w : all) {
        if (dv.coveredBy(((DottedVersion) w.version()).context())) {
          obsolete = true;
          break;
        }
      }
      if (!obsolete && !containsDot(kept, dv)) {
        kept.add(v);
      }
    }
    kept.sort(CANONICAL);
    if (kept.equals(a.versions)) {
      return a;
    }
    if (kept.equals(b.versions)) {
      return b;
    }
    return new Siblings(kept);
  }

  private static boolean containsDot(List<Versioned> kept, DottedVersion dv) {
    for (Versioned k : kept) {
      DottedVersion kd = (DottedVersion) k.version();
      if (kd.counter() == dv.counter() && kd.actor().equals(dv.actor())) {
        return true;
      }
    }
    return false;
  }

  /** Whether every version of {@code other} is in, or superseded by a version of, {@code s}. */
  static boolean covers(Siblings s, Siblings other) {
    for (Versioned o : other.versions) {
      VersionVector oc = ((VectorClock) o.version()).clock();
      boolean covered = false;
      for (Versioned v : s.versions) {
        if (((VectorClock) v.version()).clock().dominates(oc)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private static boolean superseded(Versioned v, List<Versioned> all) {
    VersionVector c = ((VectorClock) v.version()).clock();
    for (Versioned w : all) {
      if (((VectorClock) w.version()).clock().compare(c) == VersionVector.Order.AFTER) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsClock(List<Versioned> kept, Versioned v) {
    for (Versioned k : kept) {
      if (k.version().equals(v.version())) {
        return true;
      }
    }
    return false;
  }

  /** Sorts versions canonically (used when building a state from parts). */
  static Siblings canonical(List<Versioned> versions) {
    List<Versioned> copy = new ArrayList<>(Objects.requireNonNull(versions, "versions"));
    copy.sort(CANONICAL);
    return new Siblings(copy);
  }
}
