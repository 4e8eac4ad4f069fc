package dev.caplab.replication.crdt;

import java.util.Comparator;
import java.util.Objects;

/**
 * An enable-wins flag: {@code enable} creates a dot, {@code disable} drops the dots it observed, so
 * an enable concurrent with a disable wins. The flag is an {@link ORSet} of one element.
 *
 * <p>Immutable and thread-safe.
 */
public final class EWFlag extends CrdtBase<EWFlag, Boolean> {

  private static final String ON = "on";
  private static final EWFlag DISABLED = new EWFlag(DotKernel.empty(Comparator.<String>naturalOrder()));

  private final DotKernel<String> kernel;

  private EWFlag(DotKernel<String> kernel) {
    this.kernel = kernel;
  }

  /** A flag that has never been enabled. */
  public static EWFlag disabled() {
    return DISABLED;
  }

  public EWFlag enable(ReplicaId replica) {
    return new EWFlag(kernel.add(Objects.requireNonNull(replica, "replica"), ON));
  }

  public EWFlag enableDelta(ReplicaId replica) {
    return new EWFlag(kernel.addDelta(Objects.requireNonNull(replica, "replica"), ON));
  }

  /** Disables the flag as observed here; an enable this replica has not seen survives the merge. */
  public EWFlag disable() {
    return new EWFlag(kernel.clear());
  }

  public EWFlag disableDelta() {
    return new EWFlag(kernel.clearDelta());
  }

  public boolean isEnabled() {
    return kernel.size() > 0;
  }

  @Override
  public Boolean value() {
    return isEnabled();
  }

  @Override
  public long metadataBytes() {
    return kernel.metadataBytes();
  }

  @Override
  EWFlag mergeSame(EWFlag other) {
    return new EWFlag(kernel.merge(other.kernel, "EWFlag"));
  }

  @Override
  boolean isLessOrEqualSame(EWFlag other) {
    return kernel.isLessOrEqual(other.kernel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EWFlag f && kernel.equals(f.kernel);
  }

  @Override
  public int hashCode() {
    return kernel.hashCode();
  }

  @Override
  public String toString() {
    return "EWFlag(" + isEnabled() + ", " + kernel.context() + ")";
  }
}
