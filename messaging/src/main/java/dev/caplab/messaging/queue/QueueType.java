package dev.caplab.messaging.queue;

/**
 * The two kinds of SQS queue. A dead-letter queue must be of its source's type, and a redrive
 * moves messages only between queues of one type. The type also decides how a dead-lettered
 * message's retention is counted: from its original enqueue time on a standard queue, from the
 * move on a FIFO queue (as in SQS).
 *
 * <p>FIFO ordering by message group and deduplication by deduplication id are not modelled: both
 * types deliver in arrival order, with returned messages queued behind the visible ones.
 */
public enum QueueType {
  STANDARD,
  FIFO
}
