package dev.caplab.messaging.log;

/**
 * A read asked for an offset outside a partition's {@code [logStartOffset, logEndOffset]}: below
 * the start, retention has deleted it; above the end, it was never written. Kafka answers such a
 * fetch with {@code OFFSET_OUT_OF_RANGE}, and its consumer then resets its position as {@code
 * auto.offset.reset} says ({@link AutoOffsetReset}).
 *
 * <p>An {@link IllegalArgumentException}, whose message names the offset, its value and the range.
 */
public final class OffsetOutOfRangeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;
  private final long offset;
  private final long logStartOffset;
  private final long logEndOffset;

  OffsetOutOfRangeException(String topic, int partition, long offset, long logStartOffset, long logEndOffset) {
    super("offset must be between " + logStartOffset + " and " + logEndOffset + " (the log start and end offsets of "
        + topic + "-" + partition + "), got " + offset);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.logStartOffset = logStartOffset;
    this.logEndOffset = logEndOffset;
  }

  /** The topic read. */
  public String topic() {
    return topic;
  }

  /** The partition read. */
  public int partition() {
    return partition;
  }

  /** The offset asked for. */
  public long offset() {
    return offset;
  }

  /** The partition's first retained offset when the read failed. */
  public long logStartOffset() {
    return logStartOffset;
  }

  /** The partition's next offset to be written when the read failed. */
  public long logEndOffset() {
    return logEndOffset;
  }
}
