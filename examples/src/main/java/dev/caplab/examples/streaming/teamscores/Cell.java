package dev.caplab.examples.streaming.teamscores;

import java.util.Comparator;

/**
 * One result cell: a key (a team or a user) and an event-time window {@code [start, end)} in ms.
 *
 * @param key the team or user
 * @param start the window's first millisecond
 * @param end the window's end (exclusive)
 */
record Cell(String key, long start, long end) {

  /** By key, then start, then end: the order tables and maps use. */
  static final Comparator<Cell> ORDER = Comparator.comparing(Cell::key).thenComparingLong(Cell::start)
      .thenComparingLong(Cell::end);

  /** Whether {@code other}, of the same key, lies inside this one. */
  boolean covers(Cell other) {
    return key.equals(other.key) && start <= other.start && other.end <= end;
  }
}
