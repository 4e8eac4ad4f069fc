package dev.caplab.messaging.queue;

/**
 * Names one receive of one message, as SQS's receipt handle: every receive of a message gives a
 * new handle, and only the newest one deletes it or changes its visibility.
 *
 * @param queue the queue the message was received from
 * @param sequence the message's position in that queue, unique within it
 * @param receive which receive of the message this handle belongs to (1 for the first)
 */
public record ReceiptHandle(String queue, long sequence, int receive) {

  @Override
  public String toString() {
    return queue + "/" + sequence + "#" + receive;
  }
}
