package dev.caplab.examples.resilience.thunderingherd;

/**
 * The optimistic-concurrency protocol on one row: read its version, then write on the condition
 * that the version is still the one read. A closed family, so the nodes can check they handle all.
 */
sealed interface RowMessage {

  /** Read the row. */
  record Read() implements RowMessage {}

  /** The row is at {@code version}. */
  record ReadOk(long version) implements RowMessage {}

  /** Write the row if it is still at {@code expectedVersion}. */
  record Write(long expectedVersion) implements RowMessage {}

  /** The write committed; the row is now at {@code version}. */
  record Written(long version) implements RowMessage {}

  /** Someone else wrote first: the row is at {@code currentVersion}, not the version read. */
  record Conflict(long currentVersion) implements RowMessage {}
}
