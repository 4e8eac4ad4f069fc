package dev.caplab.replication.crdt;

/** The byte costs behind every {@link Crdt#metadataBytes()} estimate, in one place. */
final class Metadata {

  /** A counter, a timestamp or a dot's sequence number. */
  static final int COUNTER_BYTES = 8;

  /** A tombstoned element or key: a reference to it. */
  static final int REFERENCE_BYTES = 8;

  private Metadata() {}

  /** A replica id: its name, which is ASCII by {@link ReplicaId}'s pattern. */
  static long replica(ReplicaId replica) {
    return replicaName(replica.name());
  }

  /** A replica id by its name, as version vectors key it. */
  static long replicaName(String name) {
    return name.length();
  }

  /** A dot: its replica and its counter. */
  static long dot(Dot dot) {
    return replica(dot.replica()) + COUNTER_BYTES;
  }
}
