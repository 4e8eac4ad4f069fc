package dev.caplab.messaging.log;

/**
 * What one partition remembers of one idempotent producer: its last appended sequence number and
 * the offsets of its last {@link #WINDOW} appends, so that a retried duplicate is acknowledged with
 * the offset the first attempt got. Kafka keeps the same window of 5 batches per producer and
 * partition (its {@code max.in.flight.requests.per.connection} limit for idempotence).
 *
 * <p>Not thread-safe: owned by its {@link Partition}.
 */
final class ProducerSequences {

  /** How many recent appends keep their offsets. */
  static final int WINDOW = 5;

  private int lastSequence = -1;
  private final long[] offsets = new long[WINDOW];

  int lastSequence() {
    return lastSequence;
  }

  void appended(int sequence, long offset) {
    lastSequence = sequence;
    offsets[sequence % WINDOW] = offset;
  }

  /** The offset {@code sequence} (<= the last) got, or -1 if it is older than the window. */
  long offsetOf(int sequence) {
    return lastSequence - sequence < WINDOW ? offsets[sequence % WINDOW] : -1;
  }
}
