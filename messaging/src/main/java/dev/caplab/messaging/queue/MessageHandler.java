package dev.caplab.messaging.queue;

/**
 * Processes one received message. Returning means "done: delete it"; throwing means "failed": a
 * {@link QueueConsumer} then retries the message later or dead-letters it, depending on the error.
 */
@FunctionalInterface
public interface MessageHandler {

  void handle(ReceivedMessage message) throws Exception;
}
