/**
 * Replication miniatures (not built yet): consistent hashing with virtual nodes, Dynamo-style
 * quorum replication with tunable consistency, read repair, hinted handoff and anti-entropy
 * (issue 4); LWW and vector-clock versioning with siblings and state-based CRDTs with gossip
 * (issue 5); Raft consensus and hot-key write sharding (later issues). Every capability will live
 * in its own subpackage ({@code dev.caplab.replication.quorum}, {@code ...crdt}, ...).
 */
package dev.caplab.replication;
