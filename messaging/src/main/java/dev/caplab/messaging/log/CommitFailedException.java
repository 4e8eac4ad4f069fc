package dev.caplab.messaging.log;

/**
 * A {@link GroupConsumer}'s commit was refused because the group rebalanced without it: it left,
 * missed its heartbeats, or has not seen the new generation (Kafka's {@code
 * CommitFailedException}). Its uncommitted records will be read again by whoever owns their
 * partitions now; the consumer rejoins or takes its new assignment at its next poll.
 */
public final class CommitFailedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient CommitResult result;

  CommitFailedException(String memberId, int partition, CommitResult result) {
    super("commit of partition " + partition + " by " + memberId + " refused: " + result
        + "; the group rebalanced without this member");
    this.result = result;
  }

  /** Why the group refused the commit. */
  public CommitResult result() {
    return result;
  }
}
