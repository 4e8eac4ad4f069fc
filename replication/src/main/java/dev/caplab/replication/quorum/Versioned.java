package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import java.util.Objects;

/**
 * One value with its version. Immutable and thread-safe.
 *
 * @param value the value written
 * @param version its version
 */
public record Versioned(String value, Version version) {

  public Versioned {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(version, "version");
  }

  /** A deterministic digest of value and version. */
  public long digest() {
    return RingHash.mix(RingHash.hash64(value), version.digest());
  }
}
