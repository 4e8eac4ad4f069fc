package dev.caplab.replication.crdt;

import dev.caplab.config.Require;
import java.util.Objects;

/**
 * One update event: the {@code counter}-th event created by {@code replica}, counting from 1.
 * Ordered by replica, then counter. Printed as {@code replica:counter}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param replica the replica that created the event
 * @param counter its sequence number at that replica, at least 1
 */
public record Dot(ReplicaId replica, long counter) implements Comparable<Dot> {

  /** Checks that the replica is set and the counter is at least 1. */
  public Dot {
    Objects.requireNonNull(replica, "replica");
    Require.atLeast("dot counter", counter, 1L);
  }

  @Override
  public int compareTo(Dot other) {
    int c = replica.compareTo(other.replica);
    return c != 0 ? c : Long.compare(counter, other.counter);
  }

  @Override
  public String toString() {
    return replica + ":" + counter;
  }
}
