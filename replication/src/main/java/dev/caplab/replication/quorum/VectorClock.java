package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import dev.caplab.replication.version.VersionVector;
import java.util.Objects;

/**
 * The version of a value in a {@link Versioning#VECTOR} store: a vector clock, the {@link
 * VersionVector} of the writes in the value's causal past (an actor's entry counts its writes).
 * Siblings are the versions whose clocks no other clock dominates. Printed as its clock. Immutable
 * and thread-safe.
 *
 * @param clock the writes this version descends from, its own included
 */
public record VectorClock(VersionVector clock) implements Version {

  public VectorClock {
    Objects.requireNonNull(clock, "clock");
  }

  @Override
  public long digest() {
    return digest(clock);
  }

  /** The digest of a clock, also the context part of a {@link DottedVersion}'s digest. */
  static long digest(VersionVector clock) {
    long h = 0x5eed;
    for (int i = 0; i < clock.size(); i++) {
      h = RingHash.mix(RingHash.mix(h, RingHash.hash64(clock.actor(i))), clock.counter(i));
    }
    return h;
  }

  @Override
  public String toString() {
    return clock.toString();
  }
}
