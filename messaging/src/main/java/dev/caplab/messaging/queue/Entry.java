package dev.caplab.messaging.queue;

/**
 * One message inside one queue, with its mutable delivery state. Not thread-safe: owned by its
 * queue, under its service's lock.
 */
final class Entry {

  /** Where the message is. */
  enum State {
    DELAYED,
    VISIBLE,
    IN_FLIGHT,
    /** Deleted, expired or moved while still in the visible deque: skipped when reached. */
    GONE
  }

  final long sequence;
  final String messageId;
  final String body;
  /** When the message entered this queue (what a receive reports as sent). */
  final long enqueuedNanos;
  /** What retention is counted from: the enqueue time, or the original one for a standard DLQ. */
  final long retentionStartNanos;
  final DeadLetter deadLetter;

  State state;
  int receiveCount;
  long firstReceivedNanos = -1;
  long lastReceivedNanos = -1;
  /** When a delayed or in-flight message becomes visible. */
  long deadlineNanos;
  /** Position in the delayed or in-flight heap; -1 when in neither. */
  int heapIndex = -1;
  String lastError;

  Entry(long sequence, String messageId, String body, long enqueuedNanos, long retentionStartNanos,
      DeadLetter deadLetter) {
    this.sequence = sequence;
    this.messageId = messageId;
    this.body = body;
    this.enqueuedNanos = enqueuedNanos;
    this.retentionStartNanos = retentionStartNanos;
    this.deadLetter = deadLetter;
  }
}
