/**
 * Dynamo-style quorum replication over the simulated network: per-request consistency ({@link
 * dev.caplab.replication.quorum.Consistency}, explicit R and W) and fan-out ({@link
 * dev.caplab.replication.quorum.FanOut}), LWW or vector-clock versioning with siblings, read
 * repair, hinted handoff with sloppy quorums, Merkle-tree anti-entropy, and ABD linearizable
 * reads. Start from {@link dev.caplab.replication.quorum.QuorumCluster}.
 */
package dev.caplab.replication.quorum;
