package dev.caplab.messaging.log;

/**
 * An idempotent append skipped sequence numbers: the log expected the next one after the last it
 * appended for that producer and partition, and refuses the gap, as Kafka's broker does with
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} (an earlier request was lost and must be sent first).
 *
 * <p>An {@link IllegalArgumentException} whose message names the sequence, its value and the one
 * expected.
 */
public final class OutOfOrderSequenceException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int expected;
  private final int sequence;

  OutOfOrderSequenceException(String topic, int partition, long producerId, int expected, int sequence) {
    super("sequence must be " + expected + " (the next of producer " + producerId + " on " + topic + "-"
        + partition + ") or a duplicate below it, got " + sequence);
    this.expected = expected;
    this.sequence = sequence;
  }

  /** The sequence number the log expected next. */
  public int expected() {
    return expected;
  }

  /** The sequence number it got. */
  public int sequence() {
    return sequence;
  }
}
