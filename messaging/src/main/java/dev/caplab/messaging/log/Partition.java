package dev.caplab.messaging.log;

import java.util.HashMap;
import java.util.Map;

/**
 * One partition: an append-only run of records in fixed-size {@link Segment}s, its log start
 * offset (the first retained record) and log end offset (the next to be written), and what it
 * remembers of each idempotent producer. Retention deletes whole segments from the head.
 *
 * <p>Every segment but the last is full, so the segment of an offset is found by a division. A
 * segment that retention deletes is emptied and reused by the next roll, so a partition under
 * retention allocates nothing per record.
 *
 * <p>Not thread-safe: owned by its {@link PartitionedLog}.
 */
final class Partition {

  final String topic;
  final int index;
  private final int segmentRecords;
  private Segment[] ring = new Segment[4]; // a power of two long, so a slot is a mask away
  private int head;
  private int count;
  private Segment tail;
  /** A deleted segment kept, emptied, for the next roll: a log under retention allocates nothing. */
  private Segment spare;
  /** Reads in progress (a handler may append): a segment deleted meanwhile is not recycled. */
  private int reading;
  private long logStartOffset;
  private long logEndOffset;
  private long bytes;
  private final Map<Long, ProducerSequences> producers = new HashMap<>();

  Partition(String topic, int index, int segmentRecords) {
    this.topic = topic;
    this.index = index;
    this.segmentRecords = segmentRecords;
  }

  long logStartOffset() {
    return logStartOffset;
  }

  long logEndOffset() {
    return logEndOffset;
  }

  long bytes() {
    return bytes;
  }

  int segments() {
    return count;
  }

  /** Appends one record and returns its offset. */
  long append(long timestamp, Object key, Object value, int size) {
    Segment tail = this.tail;
    if (tail == null || tail.isFull()) {
      tail = roll();
    }
    int i = tail.count++;
    tail.timestamps[i] = timestamp;
    tail.keys[i] = key;
    tail.values[i] = value;
    tail.bytes += size;
    if (timestamp > tail.maxTimestamp) {
      tail.maxTimestamp = timestamp;
    }
    bytes += size;
    return logEndOffset++;
  }

  /** The last sequence {@code producerId} appended here, or -1. */
  int lastSequence(long producerId) {
    ProducerSequences p = producers.get(producerId);
    return p == null ? -1 : p.lastSequence();
  }

  /** The offset {@code producerId}'s {@code sequence} (<= its last) got, or -1 if forgotten. */
  long offsetOfSequence(long producerId, int sequence) {
    return producers.get(producerId).offsetOf(sequence);
  }

  void sequenceAppended(long producerId, int sequence, long offset) {
    producers.computeIfAbsent(producerId, id -> new ProducerSequences()).appended(sequence, offset);
  }

  /**
   * Deletes head segments whose newest record is older than {@code retentionNanos} at {@code now}
   * (the last segment included, as Kafka rolls and deletes an expired active segment), then,
   * while the partition is larger than {@code retentionBytes}, the head segments whose deletion
   * leaves it at least that large (Kafka's rule; never the last segment).
   */
  void enforceRetention(long now, long retentionBytes, long retentionNanos) {
    while (count > 0 && now - ring[head].maxTimestamp > retentionNanos) {
      deleteHead();
    }
    if (bytes > retentionBytes) {
      long excess = bytes - retentionBytes;
      while (count > 1 && excess - ring[head].bytes >= 0) {
        excess -= ring[head].bytes;
        deleteHead();
      }
    }
  }

  /**
   * Hands the records {@code [offset, offset + maxRecords)} that exist to {@code handler}, in
   * order, and returns the offset after the last one handed over. {@code offset} must be within
   * {@code [logStartOffset, logEndOffset]}.
   */
  @SuppressWarnings("unchecked")
  <K, V> long read(long offset, int maxRecords, RecordHandler<K, V> handler) {
    long end = Math.min(logEndOffset, offset + maxRecords);
    long next = offset;
    reading++;
    try {
      while (next < end && next >= logStartOffset) { // a handler's appends may have let retention delete
        Segment s = segmentOf(next);
        int from = (int) (next - s.baseOffset);
        int to = (int) Math.min(s.count, end - s.baseOffset);
        for (int i = from; i < to; i++) {
          handler.handle(index, s.baseOffset + i, s.timestamps[i], (K) s.keys[i], (V) s.values[i]);
          next++;
        }
      }
    } finally {
      reading--;
    }
    return next;
  }

  private Segment segmentOf(long offset) {
    return ring[slot((int) ((offset - ring[head].baseOffset) / segmentRecords))];
  }

  private Segment roll() {
    if (count == ring.length) {
      Segment[] bigger = new Segment[ring.length * 2];
      for (int i = 0; i < count; i++) {
        bigger[i] = ring[slot(i)];
      }
      ring = bigger;
      head = 0;
    }
    Segment s = spare != null ? spare.reset(logEndOffset) : new Segment(segmentRecords).reset(logEndOffset);
    spare = null;
    ring[slot(count)] = s;
    if (count == 0) {
      logStartOffset = logEndOffset;
    }
    count++;
    tail = s;
    return s;
  }

  private void deleteHead() {
    Segment h = ring[head];
    bytes -= h.bytes;
    ring[head] = null;
    if (reading == 0) {
      spare = h.reset(-1);
    }
    head = (head + 1) & (ring.length - 1);
    count--;
    if (count == 0) {
      tail = null;
    }
    logStartOffset = count == 0 ? logEndOffset : ring[head].baseOffset;
  }

  private int slot(int i) {
    return (head + i) & (ring.length - 1);
  }
}
