package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A member of a {@link ConsumerGroup} that reads its partitions from the log, like Kafka's
 * {@code KafkaConsumer} with manual commits, in two delivery modes:
 *
 * <ul>
 *   <li>{@link #pollAtMostOnce}: commit, then process. A crash after the commit loses the rest
 *       of the batch; nothing is processed twice.
 *   <li>{@link #pollAtLeastOnce}: process, then commit. A crash before the commit makes the
 *       batch's records be read again; nothing is lost.
 * </ul>
 *
 * <p>Every poll first heartbeats. If the group dropped the member (its session expired), it joins
 * again under a new member id; if the generation changed, it takes its new partitions and, as
 * Kafka's eager rebalance does, restarts every partition from the group's committed offset (or
 * from {@link AutoOffsetReset} without one). A position that retention has overtaken is reset the
 * same way. Partitions are read in turn, one batch from the next partition that has records.
 *
 * <p>A crash is simply dropping the object: its member stays in the group until its session
 * expires, then its partitions go to the others, who start from the committed offsets.
 *
 * <p>Not thread-safe: used on the thread of its log.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class GroupConsumer<K, V> {

  private final PartitionedLog<K, V> log;
  private final ConsumerGroup group;
  private final String clientId;
  private final AutoOffsetReset reset;
  private final long[] positions;
  private final long[] committedPositions;
  private Assignment assignment;
  private int nextPartition;

  private GroupConsumer(PartitionedLog<K, V> log, ConsumerGroup group, String clientId, AutoOffsetReset reset) {
    this.log = log;
    this.group = group;
    this.clientId = clientId;
    this.reset = reset;
    this.positions = new long[group.partitions()];
    this.committedPositions = new long[group.partitions()];
    this.assignment = group.join(clientId);
    resetPositions();
  }

  /**
   * Joins {@code group} of {@code log} as a new member for {@code clientId}, starting partitions
   * without a committed offset as {@code reset} says.
   */
  public static <K, V> GroupConsumer<K, V> join(
      PartitionedLog<K, V> log, ConsumerGroup group, String clientId, AutoOffsetReset reset) {
    Require.notNull(log, "log");
    Require.notNull(group, "group");
    Require.notNull(clientId, "clientId");
    Require.notNull(reset, "reset");
    Require.requireArgument(group.log() == log, "group must be a group of log, got %s", group);
    return new GroupConsumer<>(log, group, clientId, reset);
  }

  /** The member id the group knows this consumer by (it changes when the consumer has to rejoin). */
  public String memberId() {
    return assignment.memberId();
  }

  /** The assignment this consumer last learned. */
  public Assignment assignment() {
    return assignment;
  }

  /** The offset this consumer reads next from {@code partition} (-1 if it does not own it). */
  public long position(int partition) {
    return assignment.partitions().contains(partition) ? positions[partition] : -1;
  }

  /**
   * Reads up to {@code maxRecords} records from the next owned partition that has some, commits
   * the position after them, then hands them to {@code handler}. Returns how many were handed
   * over (all of them unless the handler threw, which loses the rest of the batch).
   *
   * @throws CommitFailedException if the group refused the commit (nothing is processed)
   */
  public int pollAtMostOnce(int maxRecords, RecordHandler<? super K, ? super V> handler) {
    Require.atLeast("maxRecords", maxRecords, 1);
    Require.notNull(handler, "handler");
    int p = nextPartitionWithRecords();
    if (p < 0) {
      return 0;
    }
    List<LogRecord<K, V>> batch = log.read(group.topic(), p, positions[p], maxRecords);
    positions[p] += batch.size();
    commit(p);
    int handled = 0;
    for (LogRecord<K, V> r : batch) {
      handler.handle(r.partition(), r.offset(), r.timestamp(), r.key(), r.value());
      handled++;
    }
    return handled;
  }

  /**
   * Reads up to {@code maxRecords} records from the next owned partition that has some, hands them
   * to {@code handler}, then commits the position after the last one it handled, also when the
   * handler throws a {@link RuntimeException} (the record it threw on is read again). An {@link
   * Error} propagates without a commit, as a crash would: the batch's records are read again.
   * Returns how many were handled.
   *
   * @throws CommitFailedException if the group refused the commit (the records will be read again,
   *     here or by the partition's new owner)
   */
  public int pollAtLeastOnce(int maxRecords, RecordHandler<? super K, ? super V> handler) {
    Require.atLeast("maxRecords", maxRecords, 1);
    Require.notNull(handler, "handler");
    int p = nextPartitionWithRecords();
    if (p < 0) {
      return 0;
    }
    long start = positions[p];
    try {
      log.read(group.topic(), p, start, maxRecords, (partition, offset, timestamp, key, value) -> {
        handler.handle(partition, offset, timestamp, key, value);
        positions[partition] = offset + 1;
      });
    } catch (RuntimeException handlerFailed) {
      try {
        commit(p);
      } catch (CommitFailedException refused) {
        handlerFailed.addSuppressed(refused);
      }
      throw handlerFailed;
    }
    commit(p);
    return (int) (positions[p] - start);
  }

  /**
   * Commits the positions of the owned partitions that moved since their last commit.
   *
   * @throws CommitFailedException if the group refused a commit
   */
  public void commitSync() {
    for (int p : assignment.partitions()) {
      commit(p);
    }
  }

  /** Leaves the group, so that its partitions go to the other members at once. */
  public void close() {
    group.leave(assignment.memberId());
  }

  private void commit(int p) {
    if (positions[p] == committedPositions[p]) {
      return;
    }
    CommitResult result = group.commit(assignment.memberId(), assignment.generation(), p, positions[p]);
    if (result.fenced()) {
      throw new CommitFailedException(assignment.memberId(), p, result);
    }
    committedPositions[p] = positions[p];
  }

  /** Heartbeats, follows a rebalance, and returns the next owned partition with records, or -1. */
  private int nextPartitionWithRecords() {
    Optional<Assignment> now = group.heartbeat(assignment.memberId());
    if (now.isEmpty()) {
      assignment = group.join(clientId);
      resetPositions();
    } else if (now.get().generation() != assignment.generation()) {
      assignment = now.get();
      resetPositions();
    }
    List<Integer> owned = assignment.partitions();
    for (int i = 0; i < owned.size(); i++) {
      int p = owned.get((nextPartition + i) % owned.size());
      long logStart = log.logStartOffset(group.topic(), p);
      if (positions[p] < logStart) { // retention overtook the position
        if (reset == AutoOffsetReset.NONE) {
          throw new OffsetOutOfRangeException(group.topic(), p, positions[p], logStart,
              log.logEndOffset(group.topic(), p));
        }
        positions[p] = startOf(p, reset);
      }
      if (positions[p] < log.logEndOffset(group.topic(), p)) {
        nextPartition = (nextPartition + i + 1) % owned.size();
        return p;
      }
    }
    return -1;
  }

  private void resetPositions() {
    Arrays.fill(positions, -1L);
    Arrays.fill(committedPositions, -1L);
    for (int p : assignment.partitions()) {
      positions[p] = group.committed(p).orElse(-1L);
      if (positions[p] < 0) {
        positions[p] = startOf(p, reset);
      }
      committedPositions[p] = positions[p];
    }
    nextPartition = 0;
  }

  private long startOf(int p, AutoOffsetReset how) {
    if (how == AutoOffsetReset.EARLIEST) {
      return log.logStartOffset(group.topic(), p);
    }
    if (how == AutoOffsetReset.LATEST) {
      return log.logEndOffset(group.topic(), p);
    }
    throw new IllegalStateException("partition " + p + " of " + group.topic()
        + " has no committed offset and auto.offset.reset is NONE");
  }
}
