package dev.caplab.examples.broadcast;

import java.util.Arrays;

/**
 * For each origin node, the highest value known from it. Because every node numbers its values
 * 1, 2, 3, ... and a node that knows value k of an origin also knows all earlier ones, this one
 * number per origin describes everything a node knows, and merging two nodes' knowledge is the
 * element-wise maximum.
 *
 * <p>Immutable and thread-safe: a message carries a snapshot that the sender may keep changing
 * its own state after sending.
 */
final class VersionVector {

  private final long[] highest;

  private VersionVector(long[] highest) {
    this.highest = highest;
  }

  /** A snapshot of {@code highest}; later changes to the array do not affect it. */
  static VersionVector copyOf(long[] highest) {
    return new VersionVector(highest.clone());
  }

  /** How many origins the vector covers. */
  int size() {
    return highest.length;
  }

  /** The highest value known from {@code origin}, 0 when none. */
  long get(int origin) {
    return highest[origin];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionVector other && Arrays.equals(highest, other.highest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(highest);
  }

  @Override
  public String toString() {
    return Arrays.toString(highest);
  }
}
