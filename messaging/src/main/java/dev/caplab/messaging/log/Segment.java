package dev.caplab.messaging.log;

import java.util.Arrays;

/**
 * A run of consecutive records of one partition in parallel arrays (timestamps, keys, values,
 * sizes): no object per record. Full when it holds its capacity; retention deletes whole segments.
 *
 * <p>Not thread-safe: owned by its {@link Partition}.
 */
final class Segment {

  long baseOffset;
  final long[] timestamps;
  final Object[] keys;
  final Object[] values;
  int count;
  long bytes;
  long maxTimestamp;

  Segment(int capacity) {
    this.timestamps = new long[capacity];
    this.keys = new Object[capacity];
    this.values = new Object[capacity];
  }

  /** Makes this segment empty, starting at {@code baseOffset}, dropping references to its records. */
  Segment reset(long baseOffset) {
    if (count > 0) {
      Arrays.fill(keys, 0, count, null);
      Arrays.fill(values, 0, count, null);
    }
    this.baseOffset = baseOffset;
    this.count = 0;
    this.bytes = 0;
    this.maxTimestamp = Long.MIN_VALUE;
    return this;
  }

  boolean isFull() {
    return count == keys.length;
  }

  /** The offset after this segment's last record. */
  long endOffset() {
    return baseOffset + count;
  }
}
