/**
 * Replication miniatures. Built: the version vector every replicated structure tracks causality
 * with ({@code dev.caplab.replication.version}); consistent hashing with virtual nodes ({@code
 * dev.caplab.replication.ring}) and the Dynamo-style quorum store with tunable consistency, LWW
 * and vector-clock versioning, read repair, hinted handoff, Merkle anti-entropy and ABD reads
 * ({@code dev.caplab.replication.quorum}); state-based CRDTs ({@code dev.caplab.replication.crdt}),
 * a gossip-replicated CRDT store ({@code dev.caplab.replication.crdt.store}) and conflict-resolution
 * strategies compared on it ({@code dev.caplab.replication.crdt.conflict}). Not built yet: Raft
 * consensus with a replicated key-value store ({@code dev.caplab.replication.raft}), and hot-key
 * write sharding, partition throttling and write-back caching ({@code
 * dev.caplab.replication.sharding}).
 */
package dev.caplab.replication;
