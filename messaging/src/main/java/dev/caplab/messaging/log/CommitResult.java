package dev.caplab.messaging.log;

/**
 * The answer to a {@link ConsumerGroup#commit}: whether the offset was stored and, if not, why.
 */
public enum CommitResult {
  /** Stored: the partition's committed offset is now the one sent (or already was). */
  COMMITTED,
  /**
   * Ignored: the offset is below the partition's committed offset, which stays. Committed offsets
   * never go backwards here, so a late commit (an out-of-order asynchronous one, say) cannot undo
   * progress; Kafka stores it and rewinds. Rewind deliberately with {@link
   * ConsumerGroup#resetOffset}.
   */
  BEHIND_COMMITTED,
  /** Refused: the member is not in the group (it left, or missed its heartbeats and was removed). */
  UNKNOWN_MEMBER,
  /** Refused: the member's generation is not the group's (it has not seen the last rebalance). */
  ILLEGAL_GENERATION,
  /** Refused: the member does not own the partition in the current generation. */
  NOT_ASSIGNED;

  /** True if the member was fenced off: it must rejoin (or learn the new assignment) first. */
  public boolean fenced() {
    return this == UNKNOWN_MEMBER || this == ILLEGAL_GENERATION || this == NOT_ASSIGNED;
  }
}
