package dev.caplab.messaging.queue;

import java.util.Optional;

/**
 * A message as one receive hands it out.
 *
 * @param messageId the id given when it was sent; kept across redeliveries and the move to a
 *     dead-letter queue, new after a redrive (as in SQS)
 * @param body the payload
 * @param receipt the handle of this receive, for {@link MessageQueue#delete} and friends
 * @param receiveCount how many times it has been received from this queue, this receive included
 *     (SQS's {@code ApproximateReceiveCount}, exact here)
 * @param sentNanos when it entered this queue (ticker nanoseconds)
 * @param firstReceivedNanos when it was first received from this queue
 * @param deadLetter why it is in a dead-letter queue, or {@code null} if it was sent here directly
 */
public record ReceivedMessage(
    String messageId,
    String body,
    ReceiptHandle receipt,
    int receiveCount,
    long sentNanos,
    long firstReceivedNanos,
    DeadLetter deadLetter) {

  /** {@link #deadLetter()}, if the message was dead-lettered into the queue it came from. */
  public Optional<DeadLetter> deadLetterInfo() {
    return Optional.ofNullable(deadLetter);
  }
}
