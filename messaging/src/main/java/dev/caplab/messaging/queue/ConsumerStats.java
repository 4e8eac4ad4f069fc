package dev.caplab.messaging.queue;

/**
 * What a {@link QueueConsumer} did with the messages it received, in one poll or in all.
 *
 * @param received messages handed to the handler
 * @param processed messages the handler completed (and the consumer deleted)
 * @param staleDeletes of those, the ones whose delete came too late: the visibility timeout had
 *     ended and another receive had taken the message, which will be processed again
 * @param retried failures released back to the queue after a backoff
 * @param deadLettered failures moved to the dead-letter queue: non-retryable errors (poison pills)
 *     and retryable ones whose attempts ran out
 */
public record ConsumerStats(long received, long processed, long staleDeletes, long retried, long deadLettered) {

  /** The empty record. */
  public static final ConsumerStats NONE = new ConsumerStats(0, 0, 0, 0, 0);

  /** The sum of two records. */
  public ConsumerStats plus(ConsumerStats o) {
    return new ConsumerStats(received + o.received, processed + o.processed,
        staleDeletes + o.staleDeletes, retried + o.retried, deadLettered + o.deadLettered);
  }
}
