/**
 * caplab's replication: consistent hashing, a Dynamo-style quorum store with PBS staleness
 * measurement, state-based CRDTs with a gossip-replicated store and conflict-resolution
 * strategies, the version vectors they share, and write sharding and write-back caching for hot keys. Every node of it runs on the node contract of {@code dev.caplab.core}.
 */
module dev.caplab.replication {
  requires transitive dev.caplab.core;
  requires datasketches.java; // no module name of its own: named after its jar
  requires com.github.benmanes.caffeine; // the write-back cache's per-key accumulators

  exports dev.caplab.replication.cache;
  exports dev.caplab.replication.crdt;
  exports dev.caplab.replication.crdt.conflict;
  exports dev.caplab.replication.crdt.store;
  exports dev.caplab.replication.pbs;
  exports dev.caplab.replication.quorum;
  exports dev.caplab.replication.ring;
  exports dev.caplab.replication.sharding;
  exports dev.caplab.replication.version;
}
