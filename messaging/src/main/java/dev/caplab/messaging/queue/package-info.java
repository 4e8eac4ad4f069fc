/**
 * SQS-style queues (not built yet): a received message stays invisible for a visibility timeout
 * and returns to the queue unless deleted in time; a message received too many times moves to a
 * dead-letter queue, from which redrive sends it back; idempotent consumers make the resulting
 * redeliveries harmless.
 */
package dev.caplab.messaging.queue;
