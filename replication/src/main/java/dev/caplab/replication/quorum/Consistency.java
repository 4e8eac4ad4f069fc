package dev.caplab.replication.quorum;

/**
 * How many replicas must answer a request before the coordinator answers the client: the R of a
 * read or the W of a write, chosen per request. An explicit count is given with {@link
 * ReadOptions.Builder#replicas(int)} / {@link WriteOptions.Builder#replicas(int)} instead.
 *
 * <p>Thread-safe (an enum).
 */
public enum Consistency {
  /** One replica. */
  ONE,
  /** Two replicas. */
  TWO,
  /** Three replicas. */
  THREE,
  /** A majority: floor(N/2) + 1. */
  QUORUM,
  /** Every replica of the preference list. */
  ALL,
  /**
   * Writes only: one acknowledgement, where a hint stored on a fallback node (or on the
   * coordinator itself) counts. The weakest, most available level; invalid for reads.
   */
  ANY;

  /** How many acknowledgements this level needs with replication factor {@code n}. */
  public int required(int n) {
    switch (this) {
      case ONE:
      case ANY:
        return 1;
      case TWO:
        return 2;
      case THREE:
        return 3;
      case QUORUM:
        return n / 2 + 1;
      case ALL:
        return n;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Parses a level name, ignoring case ({@code "quorum"}, {@code "ONE"}).
   *
   * @throws IllegalArgumentException naming the value and listing the allowed ones
   */
  public static Consistency parse(String text) {
    return Settings.parseEnum(Consistency.class, "consistency level", text);
  }
}
