package dev.caplab.replication.crdt.store;

import dev.caplab.replication.crdt.Crdt;

/**
 * A local update of one key: computes the delta to merge into the replica's current state, with
 * the replica's identity and its local clock (see {@link UpdateContext}). Implementations are
 * usually a call of a CRDT's {@code ...Delta} mutator, for example
 * {@code (cart, u) -> cart.addDelta(u.replica(), "milk")}; they may also be records, so that a
 * client can send them in an {@link CrdtMessage.Update}.
 *
 * <p>Must be deterministic and side-effect free: it runs inside the replica's handler.
 *
 * @param <C> the CRDT type of the store
 */
@FunctionalInterface
public interface Mutation<C extends Crdt<C, ?>> {

  /**
   * The delta to merge into {@code current}, or {@code null} when the update does nothing here
   * (for example a remove of an element this replica does not see); a null is reported to the
   * caller as "not applied".
   */
  C delta(C current, UpdateContext context);
}
