package dev.caplab.replication.crdt.store;

import dev.caplab.replication.crdt.ReplicaId;
import java.util.Objects;

/**
 * What a {@link Mutation} may know about the replica that applies it.
 *
 * @param replica the applying replica's id (the owner of any dot or counter entry it creates)
 * @param timestamp the replica's local wall clock in nanoseconds ({@code NodeContext.localClock()},
 *     so skewed when the simulation skews the node), made strictly increasing per replica
 *     incarnation so that two updates of one replica never share an LWW stamp
 */
public record UpdateContext(ReplicaId replica, long timestamp) {

  /** Checks the replica is present. */
  public UpdateContext {
    Objects.requireNonNull(replica, "replica");
  }
}
