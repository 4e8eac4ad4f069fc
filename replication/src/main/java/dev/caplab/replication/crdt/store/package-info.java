/**
 * A replicated CRDT store over the simulated network: {@link
 * dev.caplab.replication.crdt.store.CrdtReplica} nodes hold a CRDT state per key, apply local
 * updates ({@link dev.caplab.replication.crdt.store.Mutation}s, through the local API or client
 * {@link dev.caplab.replication.crdt.store.CrdtMessage.Update} calls) and converge by gossip
 * anti-entropy to random peers, shipping full states or acknowledged deltas ({@link
 * dev.caplab.replication.crdt.store.GossipMode}). {@link dev.caplab.replication.crdt.store.CrdtStore}
 * sets the replicas up on a cluster and inspects them.
 */
package dev.caplab.replication.crdt.store;
