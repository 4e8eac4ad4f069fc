package dev.caplab.messaging.queue.broker;

import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceiptHandle;
import dev.caplab.messaging.queue.ReceivedMessage;
import java.util.List;

/**
 * Every message between queue clients and a {@link QueueBrokerNode}. Requests are sent with {@code
 * NodeContext.call} and answered with {@code reply}; each has its own record class, so a link
 * profile can give each its own latency.
 */
public sealed interface QueueProtocol {

  /** A request to the broker. */
  sealed interface Request extends QueueProtocol {}

  /** A request that changes a queue: the broker logs it durably before it answers. */
  sealed interface Command extends Request {}

  /** Send {@code body} to {@code queue}; answered with {@link Sent}. */
  record Send(String queue, String body) implements Command {}

  /** Receive up to {@code maxMessages} with a visibility timeout; answered with {@link Received}. */
  record Receive(String queue, int maxMessages, long visibilityTimeoutNanos) implements Command {}

  /** Delete (acknowledge) a received message; answered with {@link Done}. */
  record Delete(ReceiptHandle receipt) implements Command {}

  /** Give a received message up with {@code error}, visible again after a while; answered with {@link Done}. */
  record Release(ReceiptHandle receipt, String error, long retryAfterNanos) implements Command {}

  /** Move a received message to the dead-letter queue with {@code reason}; answered with {@link Done}. */
  record DeadLetter(ReceiptHandle receipt, String reason) implements Command {}

  /** Read a queue's counters; answered with {@link Stats}. Not logged. */
  record GetStats(String queue) implements Request {}

  /** The id given to a sent message. */
  record Sent(String messageId) implements QueueProtocol {}

  /** The received messages (possibly none). */
  record Received(List<ReceivedMessage> messages) implements QueueProtocol {
    public Received {
      messages = List.copyOf(messages);
    }
  }

  /** Whether a delete, release or dead-lettering applied (false: a stale receipt). */
  record Done(boolean applied) implements QueueProtocol {}

  /** A queue's counters. */
  record Stats(QueueStats stats) implements QueueProtocol {}

  /** The request was invalid (an unknown queue, a bad timeout): the broker's error message. */
  record Refused(String reason) implements QueueProtocol {}
}
