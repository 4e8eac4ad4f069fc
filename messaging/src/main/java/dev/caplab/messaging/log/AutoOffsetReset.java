package dev.caplab.messaging.log;

/**
 * Where a consumer starts when its group has no committed offset for a partition, or when its
 * position has fallen out of the retained range: Kafka's {@code auto.offset.reset}.
 */
public enum AutoOffsetReset {
  /** From the log start offset: every retained record. */
  EARLIEST,
  /** From the log end offset: only records appended from now on (Kafka's default). */
  LATEST,
  /** Nowhere: the consumer throws {@link OffsetOutOfRangeException} (or, with no commit, an {@link IllegalStateException}). */
  NONE
}
