/**
 * Consistent hashing with virtual nodes: {@link dev.caplab.replication.ring.ConsistentHashRing}
 * gives each key a preference list of N distinct nodes, placed with the deterministic {@link
 * dev.caplab.replication.ring.RingHash}.
 */
package dev.caplab.replication.ring;
