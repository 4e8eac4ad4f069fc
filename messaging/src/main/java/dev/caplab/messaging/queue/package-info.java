/**
 * SQS-style queues: a received message stays invisible for a visibility timeout and returns to the
 * queue unless deleted in time; a message received {@code maxReceiveCount} times moves to a
 * dead-letter queue with the reason, and a message-move task redrives it back at a rate limit.
 * {@link dev.caplab.messaging.queue.QueueConsumer} keeps poison pills from blocking a queue and
 * {@link dev.caplab.messaging.queue.IdempotentConsumer} makes redeliveries harmless. Start with
 * {@link dev.caplab.messaging.queue.QueueService}.
 */
package dev.caplab.messaging.queue;
