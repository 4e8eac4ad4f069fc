/**
 * State-based CRDTs as immutable values that embed anywhere (no simulator, no threads, no clock
 * of their own) and replicate through any transport.
 *
 * <p>Every type implements {@link dev.caplab.replication.crdt.Crdt}: {@code merge} (the join),
 * {@code value()}, {@code isLessOrEqual} (the semilattice order) and {@code metadataBytes()} (an
 * estimate of version vectors, dots and tombstones). Mutators take the local
 * {@link dev.caplab.replication.crdt.ReplicaId} (and a timestamp for the LWW types) when they need
 * one and return a new value; each has a {@code ...Delta} twin that returns the small value to
 * ship, with {@code s.merge(s.xDelta(..))} equal to {@code s.x(..)}.
 *
 * <ul>
 *   <li>counters: {@link dev.caplab.replication.crdt.GCounter}, {@link dev.caplab.replication.crdt.PNCounter};
 *   <li>sets: {@link dev.caplab.replication.crdt.GSet}, {@link dev.caplab.replication.crdt.TwoPhaseSet},
 *       {@link dev.caplab.replication.crdt.ORSet} (add-wins, no tombstones);
 *   <li>registers: {@link dev.caplab.replication.crdt.LWWRegister} (or first-writer-wins),
 *       {@link dev.caplab.replication.crdt.MVRegister} (siblings);
 *   <li>maps: {@link dev.caplab.replication.crdt.LWWMap}, {@link dev.caplab.replication.crdt.ORMap}
 *       (nested CRDT values);
 *   <li>flags: {@link dev.caplab.replication.crdt.EWFlag} (enable-wins).
 * </ul>
 *
 * <p>All values are immutable and thread-safe and iterate in a deterministic order, so they are
 * safe in simulation runs.
 */
package dev.caplab.replication.crdt;
