package dev.caplab.messaging.queue;

import dev.caplab.config.Require;

/**
 * Where a queue sends the messages it gave up on, as SQS's {@code RedrivePolicy}: a message whose
 * receive count has reached {@code maxReceiveCount} is moved to {@code deadLetterQueue} by the
 * next receive that would hand it out again (so it is delivered exactly {@code maxReceiveCount}
 * times, never more).
 *
 * @param deadLetterQueue the name of the dead-letter queue, of the same {@link QueueType}
 * @param maxReceiveCount receives before the move, between {@link #MIN_MAX_RECEIVE_COUNT} and
 *     {@link #MAX_MAX_RECEIVE_COUNT}
 */
public record RedrivePolicy(String deadLetterQueue, int maxReceiveCount) {

  /** The smallest {@code maxReceiveCount} (SQS's bound). */
  public static final int MIN_MAX_RECEIVE_COUNT = 1;
  /** The largest {@code maxReceiveCount} (SQS's bound). */
  public static final int MAX_MAX_RECEIVE_COUNT = 1000;

  /** Checks the name and the bounds. */
  public RedrivePolicy {
    Require.notNull(deadLetterQueue, "deadLetterQueue");
    Require.requireArgument(!deadLetterQueue.isEmpty(), "deadLetterQueue must not be empty");
    Require.between("maxReceiveCount", maxReceiveCount, MIN_MAX_RECEIVE_COUNT, MAX_MAX_RECEIVE_COUNT);
  }

  /** A policy moving messages to {@code deadLetterQueue} after {@code maxReceiveCount} receives. */
  public static RedrivePolicy of(String deadLetterQueue, int maxReceiveCount) {
    return new RedrivePolicy(deadLetterQueue, maxReceiveCount);
  }
}
