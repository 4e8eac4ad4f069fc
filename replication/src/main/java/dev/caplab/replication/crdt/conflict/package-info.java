/**
 * Conflict-resolution strategies compared on the same workload: last-writer-wins with the
 * replicas' skewed clocks, siblings resolved by the application at read time (a multi-value
 * register) and CRDT merge (an OR-Set for sets, a PN-Counter for counters), each as a way to keep
 * an application value in a {@link dev.caplab.replication.crdt.store.CrdtStore}: {@link
 * dev.caplab.replication.crdt.conflict.SetStrategy} and {@link
 * dev.caplab.replication.crdt.conflict.CounterStrategy}.
 */
package dev.caplab.replication.crdt.conflict;
