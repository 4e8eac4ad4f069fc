package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Receives from a queue and runs a {@link MessageHandler} on each message so that one bad message
 * cannot hold up the others (the poison-pill problem):
 *
 * <ul>
 *   <li>the handler returns: the message is deleted;
 *   <li>it throws an error the {@link RetryConfig}'s {@code retryOnException} refuses (a malformed
 *       message no retry can fix): the message goes straight to the dead-letter queue, carrying the
 *       error as its reason;
 *   <li>it throws a retryable error: the message is released with the error recorded and stays
 *       hidden for the retry's backoff ({@link RetryConfig#backoff()} for retry number = receive
 *       count, or the failure's Retry-After hint if longer), so the retry waits in the queue, not in the
 *       consumer; once the message has been received {@code maxAttempts} times, it goes to the
 *       dead-letter queue.
 * </ul>
 *
 * <p>On a queue without a redrive policy there is nowhere to put a failed message: every failure
 * is released with a backoff and the message comes back forever; that is what a dead-letter queue
 * is for. The queue's own {@code maxReceiveCount} still applies and may dead-letter a message before
 * {@code maxAttempts}.
 *
 * <p>A handler is called on the thread that calls {@link #poll}, so in a simulation it runs in
 * the node's handler. Randomness (jitter) comes only from the {@link RandomGenerator} given.
 *
 * <p>Thread-safe: {@link #poll} is synchronized, so one consumer processes one batch at a time
 * (use one consumer per thread for parallel consumption).
 */
public final class QueueConsumer {

  private static final long MAX_HIDDEN_NANOS = QueueConfig.MAX_VISIBILITY_TIMEOUT.toNanos();

  private final MessageQueue queue;
  private final MessageHandler handler;
  private final FailurePolicy policy;
  private final Ticker ticker;
  private final boolean hasDeadLetterQueue;
  private ConsumerStats total = ConsumerStats.NONE;

  private QueueConsumer(MessageQueue queue, MessageHandler handler, RetryConfig retry,
      RandomGenerator random, Ticker ticker) {
    this.queue = queue;
    this.handler = handler;
    this.policy = FailurePolicy.of(retry, random);
    this.ticker = ticker;
    this.hasDeadLetterQueue = queue.config().redrivePolicy().isPresent();
  }

  /**
   * A consumer of {@code queue} running {@code handler}, retrying as {@code retry} says ({@code
   * maxAttempts} counts receives, the first included), drawing jitter from {@code random}.
   */
  public static QueueConsumer of(MessageQueue queue, MessageHandler handler, RetryConfig retry,
      RandomGenerator random) {
    Require.notNull(queue, "queue");
    return new QueueConsumer(queue, Require.notNull(handler, "handler"),
        Require.notNull(retry, "retry"), Require.notNull(random, "random"), queue.ticker());
  }

  public MessageQueue queue() {
    return queue;
  }

  /**
   * Receives up to {@code maxMessages} (1 to 10) and handles each.
   *
   * @return what happened to them
   */
  public synchronized ConsumerStats poll(int maxMessages) {
    long beforeReceive = ticker.nanos();
    List<ReceivedMessage> batch = queue.receive(maxMessages);
    long processed = 0;
    long stale = 0;
    long retried = 0;
    long deadLettered = 0;
    for (ReceivedMessage m : batch) {
      Exception failure = null;
      try {
        handler.handle(m);
      } catch (Exception e) {
        failure = e;
      }
      if (failure == null) {
        processed++;
        if (!queue.delete(m.receipt())) {
          stale++;
        }
      } else if (fail(m, failure, beforeReceive)) {
        deadLettered++;
      } else {
        retried++;
      }
    }
    ConsumerStats now = new ConsumerStats(batch.size(), processed, stale, retried, deadLettered);
    total = total.plus(now);
    return now;
  }

  /** All polls so far. */
  public synchronized ConsumerStats stats() {
    return total;
  }

  /** Dead-letters or releases a failed message; true if it was dead-lettered. */
  private boolean fail(ReceivedMessage m, Exception failure, long beforeReceive) {
    long left = MAX_HIDDEN_NANOS - (ticker.nanos() - beforeReceive);
    FailurePolicy.Action action = policy.onFailure(m, failure, hasDeadLetterQueue, left);
    if (action instanceof FailurePolicy.DeadLetterIt d) {
      queue.deadLetter(m.receipt(), d.reason());
      return true;
    } else if (action instanceof FailurePolicy.Release r) {
      queue.release(m.receipt(), r.error(), Duration.ofNanos(r.retryAfterNanos()));
      return false;
    } else {
      throw new IllegalStateException("unknown action " + action);
    }
  }
}
