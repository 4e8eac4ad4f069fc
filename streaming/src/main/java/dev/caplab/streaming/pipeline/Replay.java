package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;

/**
 * Sources that reprocess the history a {@link PartitionedLog} retains: the Kappa architecture's
 * replay, where a new version of a job reads the log again from its start (or from a retained
 * offset or time) into a new output while the old version keeps serving (see {@link
 * Reprocessing}).
 *
 * <p>A replay can only reach back as far as the log's retention: below a partition's earliest
 * retained offset ({@link PartitionedLog#logStartOffset}) the records are deleted, and no replay
 * can bring them back. A replay asked to start there is refused at once, with an {@link
 * IllegalArgumentException} naming the partition, the offset asked for and the earliest retained
 * one, instead of failing rounds later or, worse, silently starting from what is left (Kafka's
 * {@code auto.offset.reset=earliest} would do that: the new version would then compute from less
 * data than the old one saw). Retention is applied as of now before the check. A replay slower than
 * retention can still lose its next records while it runs: the read then fails with the log's
 * {@code OffsetOutOfRangeException}, as a Kafka consumer's fetch does.
 *
 * <p>Stateless; thread-safe as far as the log is (it is not: call on the log's thread).
 */
public final class Replay {

  /** Records read per scan step when a replay looks for an offset by time. */
  static final int SCAN_BATCH = 1024;

  private Replay() {}

  /**
   * The earliest retained offset of each of partitions {@code firstPartition} to {@code
   * lastPartition} (inclusive) of {@code topic}, after applying retention as of now: how far back a
   * replay can reach.
   *
   * @throws IllegalArgumentException for an unknown topic or partitions out of range
   */
  public static long[] earliestRetained(PartitionedLog<?, ?> log, String topic, int firstPartition, int lastPartition) {
    checkRange(log, topic, firstPartition, lastPartition);
    log.enforceRetention();
    long[] offsets = new long[lastPartition - firstPartition + 1];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = log.logStartOffset(topic, firstPartition + i);
    }
    return offsets;
  }

  /**
   * Partitions {@code firstPartition} to {@code lastPartition} of {@code topic}, each from its
   * earliest retained offset: the whole retained history (offset 0 if nothing was deleted).
   */
  public static <K, V> Source<LogRecord<K, V>> fromEarliest(PartitionedLog<K, V> log, String topic,
      int firstPartition, int lastPartition) {
    return Source.fromLog(log, topic, firstPartition, earliestRetained(log, topic, firstPartition, lastPartition));
  }

  /**
   * Partitions {@code firstPartition} to {@code lastPartition} of {@code topic}, each from {@code
   * offset} (0 for the beginning of the log).
   *
   * @throws IllegalArgumentException if retention deleted {@code offset} in one of the partitions
   *     (the message names the partition, the offset and the earliest retained offset), or for an
   *     unknown topic, partitions out of range or a negative offset
   */
  public static <K, V> Source<LogRecord<K, V>> fromOffset(PartitionedLog<K, V> log, String topic,
      int firstPartition, int lastPartition, long offset) {
    Require.atLeast("offset", offset, 0L);
    long[] earliest = earliestRetained(log, topic, firstPartition, lastPartition);
    long[] start = new long[earliest.length];
    for (int i = 0; i < earliest.length; i++) {
      int partition = firstPartition + i;
      if (offset < earliest[i]) {
        throw new IllegalArgumentException("offset " + offset + " of " + topic + "-" + partition
            + " was deleted by retention: a replay can only start at or after the earliest retained offset, "
            + earliest[i] + " (the log keeps " + topic + "-" + partition + " from offset " + earliest[i] + " to "
            + log.logEndOffset(topic, partition) + ")");
      }
      Require.atMost("offset", offset, log.logEndOffset(topic, partition));
      start[i] = offset;
    }
    return Source.fromLog(log, topic, firstPartition, start);
  }

  /**
   * Partitions {@code firstPartition} to {@code lastPartition} of {@code topic}, each from its first
   * record appended at or after {@code timestampMillis} (ms of the log's ticker; Kafka's {@code
   * offsetsForTimes}), or from its end if there is none.
   *
   * @throws IllegalArgumentException if retention may have deleted records appended at or after
   *     {@code timestampMillis} in a partition (it deleted some and the earliest retained record is
   *     not older than the time), naming the partition, the time and the earliest retained record
   */
  public static <K, V> Source<LogRecord<K, V>> fromTime(PartitionedLog<K, V> log, String topic,
      int firstPartition, int lastPartition, long timestampMillis) {
    long[] earliest = earliestRetained(log, topic, firstPartition, lastPartition);
    long[] start = new long[earliest.length];
    for (int i = 0; i < earliest.length; i++) {
      int partition = firstPartition + i;
      long end = log.logEndOffset(topic, partition);
      long found = end;
      long firstMillis = Long.MIN_VALUE;
      for (long o = earliest[i]; o < end && found == end; ) {
        long[] hit = {-1, Long.MIN_VALUE};
        long from = o;
        o = log.read(topic, partition, o, SCAN_BATCH, (p, off, ts, k, v) -> {
          if (hit[1] == Long.MIN_VALUE) {
            hit[1] = ts / 1_000_000L;
          }
          if (hit[0] < 0 && ts / 1_000_000L >= timestampMillis) {
            hit[0] = off;
          }
        });
        if (from == earliest[i]) {
          firstMillis = hit[1];
        }
        if (hit[0] >= 0) {
          found = hit[0];
        }
      }
      if (earliest[i] > 0 && found == earliest[i]) {
        throw new IllegalArgumentException("timestampMillis " + timestampMillis + " of " + topic + "-" + partition
            + " reaches before the earliest retained record (offset " + earliest[i]
            + (earliest[i] == end ? ", none retained" : ", appended at " + firstMillis + " ms")
            + "): retention deleted the records before it, so a replay from that time would miss some;"
            + " replay from a later time, or from the earliest retained offset");
      }
      start[i] = found;
    }
    return Source.fromLog(log, topic, firstPartition, start);
  }

  private static void checkRange(PartitionedLog<?, ?> log, String topic, int firstPartition, int lastPartition) {
    Require.notNull(log, "log");
    Require.notNull(topic, "topic");
    int partitions = log.partitions(topic);
    Require.between("firstPartition", firstPartition, 0, partitions - 1);
    Require.between("lastPartition", lastPartition, firstPartition, partitions - 1);
  }
}
