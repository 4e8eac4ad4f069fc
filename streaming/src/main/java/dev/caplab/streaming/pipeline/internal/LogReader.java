package dev.caplab.streaming.pipeline.internal;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import java.util.function.Consumer;

/**
 * Reads a range of a topic's partitions from given offsets, round-robin over the partitions, as a
 * Flink Kafka source reads its split; the offsets are the checkpointed state, so a restore replays
 * from them. Lag is the sum over the partitions of log end offset minus position. Not thread-safe.
 */
public final class LogReader<K, V> implements SourceReader {

  private final PartitionedLog<K, V> log;
  private final String topic;
  private final int firstPartition;
  private final long[] positions;
  private int next;

  /** Reads partitions {@code firstPartition ..} (one per position) from {@code positions}. */
  public LogReader(PartitionedLog<K, V> log, String topic, int firstPartition, long[] positions) {
    this.log = log;
    this.topic = topic;
    this.firstPartition = firstPartition;
    this.positions = positions.clone();
  }

  @Override
  public int poll(long nowNanos, int max, Consumer<Object> out) {
    int read = 0;
    int first = next;
    for (int i = 0; i < positions.length && read < max; i++) {
      int slot = (first + i) % positions.length;
      int partition = firstPartition + slot;
      long pos = positions[slot];
      if (pos == log.logEndOffset(topic, partition)) {
        continue; // a position past the end reads, and fails with the log's OffsetOutOfRangeException
      }
      int before = read;
      positions[slot] = log.read(topic, partition, pos, max - read,
          (p, o, ts, k, v) -> out.accept(new LogRecord<>(topic, p, o, ts, k, v)));
      read += (int) (positions[slot] - pos);
      if (read > before) {
        next = (slot + 1) % positions.length;
      }
    }
    return read;
  }

  @Override
  public boolean hasAvailable(long nowNanos) {
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] != log.logEndOffset(topic, firstPartition + i)) {
        return true; // records to read, or a position past the end that the read will reject
      }
    }
    return false;
  }

  @Override
  public long lag(long nowNanos) {
    long lag = 0;
    for (int i = 0; i < positions.length; i++) {
      lag += log.logEndOffset(topic, firstPartition + i) - positions[i];
    }
    return lag;
  }

  @Override
  public boolean finished() {
    return false;
  }

  @Override
  public Object snapshot() {
    return new Positions(positions.clone());
  }

  @Override
  public void restore(Object state) {
    long[] p = ((Positions) state).offsets();
    System.arraycopy(p, 0, positions, 0, positions.length);
  }

  /** The offsets of a log source's partitions, as checkpointed. Copy the array before changing it. */
  public record Positions(long[] offsets) {
    @Override
    public String toString() {
      return java.util.Arrays.toString(offsets);
    }
  }
}
