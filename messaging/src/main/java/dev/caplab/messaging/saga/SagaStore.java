package dev.caplab.messaging.saga;

import java.util.List;

/**
 * Where a {@link SagaCoordinator} keeps its sagas' progress. {@link #save} must be durable when it
 * returns (a database commit, an fsync): the coordinator saves before it acts, so that whatever
 * it did before a crash, it finds after the restart. {@link InMemorySagaStore} keeps records in
 * memory (for tests and for code whose coordinator lives as long as its process); {@link
 * StorageSagaStore} keeps them in a node's durable storage and syncs.
 *
 * <p>Implementations need not be thread-safe: a coordinator uses its store from its one thread.
 *
 * @param <P> the payload type
 */
public interface SagaStore<P> {

  /** Stores {@code saga}, replacing the saga with its id, durably. */
  void save(SagaRecord<P> saga);

  /** The saga with this id, or null. */
  SagaRecord<P> load(String sagaId);

  /** Every saga not in a terminal state, in the order they were first saved. */
  List<SagaRecord<P>> open();
}
