/**
 * Replication miniatures. Built: consistent hashing with virtual nodes ({@code
 * dev.caplab.replication.ring}) and the Dynamo-style quorum store with tunable consistency, LWW
 * and vector-clock versioning, read repair, hinted handoff, Merkle anti-entropy and ABD reads
 * ({@code dev.caplab.replication.quorum}). Not built yet: CRDTs with gossip (issue 5), Raft
 * consensus and hot-key write sharding (later issues).
 */
package dev.caplab.replication;
