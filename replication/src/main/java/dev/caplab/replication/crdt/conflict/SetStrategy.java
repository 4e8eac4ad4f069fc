package dev.caplab.replication.crdt.conflict;

import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.LWWRegister;
import dev.caplab.replication.crdt.MVRegister;
import dev.caplab.replication.crdt.ORSet;
import dev.caplab.replication.crdt.store.Mutation;
import java.util.Set;

/**
 * One way for an application to keep a set (a shopping cart) in a replicated CRDT store, so that
 * resolution strategies can be compared on the same workload:
 *
 * <ul>
 *   <li>{@link #lww()}: the whole cart in an {@link LWWRegister}, updated by read-modify-write and
 *       stamped with the replica's local (possibly skewed) clock. Of two concurrent writes the one
 *       with the greater stamp wins and the other's items are silently lost; a clock that runs
 *       ahead also beats later writes that had seen it.
 *   <li>{@link #mvRegister()}: the whole cart in an {@link MVRegister}. Concurrent writes survive
 *       as siblings; a read returns them all and the application resolves them, here by union (as
 *       the Dynamo paper's cart): no add is lost, but a remove concurrent with another write is
 *       undone (the removed item comes back from the other sibling).
 *   <li>{@link #orSet()}: an add-wins {@link ORSet}: adds and removes merge without loss; a remove
 *       removes exactly the adds it observed.
 * </ul>
 *
 * <p>Mutations are records, so a client can send them in an update request. Implementations are
 * stateless and thread-safe.
 *
 * @param <C> the CRDT type each cart is stored as
 */
public interface SetStrategy<C extends Crdt<C, ?>> {

  /** The strategy's short name: {@code lww}, {@code mvRegister}, {@code orSet}. */
  String name();

  /** The state of an empty cart. */
  C empty();

  /** Adds {@code element}. */
  Mutation<C> add(String element);

  /** Removes {@code element} as the replica sees it; not applied (null delta) if it is not visible there. */
  Mutation<C> remove(String element);

  /** What the application reads: the elements, after it has resolved any siblings. */
  Set<String> read(C state);

  /** How many versions a read hands to the application (1, or more when siblings wait; 0 if empty). */
  int versions(C state);

  /** Last-writer-wins register of the whole set. */
  static SetStrategy<LWWRegister<Set<String>>> lww() {
    return Carts.LWW;
  }

  /** Multi-value register of the whole set, siblings resolved by union at read time. */
  static SetStrategy<MVRegister<Set<String>>> mvRegister() {
    return Carts.MV_REGISTER;
  }

  /** Add-wins observed-remove set. */
  static SetStrategy<ORSet<String>> orSet() {
    return Carts.OR_SET;
  }
}
