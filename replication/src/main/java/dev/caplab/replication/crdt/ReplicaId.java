package dev.caplab.replication.crdt;

import dev.caplab.net.NodeId;
import java.util.Objects;

/**
 * The identity of a replica that updates CRDTs: a name with the same rules as a node name
 * ({@link NodeId#NAME_PATTERN}). Ordered by name; the order breaks LWW ties deterministically.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the replica's name
 */
public record ReplicaId(String name) implements Comparable<ReplicaId> {

  /** Checks the name against {@link NodeId#NAME_PATTERN}. */
  public ReplicaId {
    Objects.requireNonNull(name, "name");
    if (!NodeId.NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "replica id must match " + NodeId.NAME_PATTERN.pattern() + ", got '" + name + "'");
    }
  }

  /** A replica id with this name. */
  public static ReplicaId of(String name) {
    return new ReplicaId(name);
  }

  /** The replica id of a simulated or real node, by its name. */
  public static ReplicaId of(NodeId node) {
    return new ReplicaId(node.name());
  }

  @Override
  public int compareTo(ReplicaId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
