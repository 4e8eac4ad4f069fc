package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A consumer group on one topic of a {@link PartitionedLog}, as Kafka's group coordinator keeps
 * it: its members, which partitions each owns, the generation, and the committed offset of each
 * partition (the offset of the next record the group should read).
 *
 * <p>Membership: {@link #join} adds a member with id {@code clientId-N} (N counts joins, from 1),
 * {@link #leave} removes one, and a member whose last heartbeat (its join, or its last {@link
 * #heartbeat}) is {@link GroupConfig#sessionTimeout()} or more in the past is removed as well.
 * Each change rebalances: the generation goes up by one and the partitions are split afresh among
 * the members sorted by id ({@link GroupConfig#assignmentStrategy()}), so a partition belongs to
 * at most one member at any time. The rebalance is immediate (Kafka's eager protocol, without its
 * join and sync round trips): a member learns its new partitions from its next heartbeat, and
 * until then its commits are refused with {@link CommitResult#ILLEGAL_GENERATION}, which fences a
 * member that was presumed dead off the partitions given to another.
 *
 * <p>Commits: a member commits a partition's offset with its generation; the group refuses a
 * commit from an unknown member, an old generation or for a partition the member does not own,
 * and ignores one below the committed offset (committed offsets never go backwards; Kafka accepts
 * it and rewinds). {@link #resetOffset} rewinds on purpose, while the group is empty, as Kafka's
 * {@code kafka-consumer-groups --reset-offsets} requires.
 *
 * <p>Lag of a partition: log end offset minus committed offset; with no committed offset, log end
 * minus log start (what a consumer starting from the earliest record has to read).
 *
 * <p>Sessions expire lazily, at the start of every call, on the log's ticker: no timer, no thread.
 *
 * <p>Not thread-safe: used on the thread of its log.
 */
public final class ConsumerGroup {

  private final String groupId;
  private final PartitionedLog<?, ?> log;
  private final String topic;
  private final GroupConfig config;
  private final long[] committed;
  private final SortedMap<String, Member> members = new TreeMap<>();
  private int generation;
  private long joins;

  ConsumerGroup(String groupId, PartitionedLog<?, ?> log, String topic, int partitions, GroupConfig config) {
    this.groupId = groupId;
    this.log = log;
    this.topic = topic;
    this.config = config;
    this.committed = new long[partitions];
    Arrays.fill(committed, -1L);
  }

  /** The group's id. */
  public String groupId() {
    return groupId;
  }

  /** The topic the group consumes. */
  public String topic() {
    return topic;
  }

  /** The group's settings. */
  public GroupConfig config() {
    return config;
  }

  /** The log the group belongs to. */
  PartitionedLog<?, ?> log() {
    return log;
  }

  /** The number of partitions of the topic. */
  public int partitions() {
    return committed.length;
  }

  /** Adds a member for {@code clientId}, rebalances, and returns the new member's assignment. */
  public Assignment join(String clientId) {
    Require.notNull(clientId, "clientId");
    long now = now();
    expire(now);
    String memberId = clientId + "-" + (++joins);
    members.put(memberId, new Member(now));
    rebalance();
    return assignmentOf(memberId);
  }

  /**
   * Records a heartbeat of {@code memberId} and returns its current assignment (a generation
   * newer than the one the member knows means a rebalance happened), or empty if it is no longer
   * a member: it left, or its session expired. It must then {@link #join} again.
   */
  public Optional<Assignment> heartbeat(String memberId) {
    Require.notNull(memberId, "memberId");
    long now = now();
    expire(now);
    Member m = members.get(memberId);
    if (m == null) {
      return Optional.empty();
    }
    m.lastHeartbeat = now;
    return Optional.of(assignmentOf(memberId));
  }

  /** Removes {@code memberId} and rebalances; returns false (and changes nothing) if it was not a member. */
  public boolean leave(String memberId) {
    Require.notNull(memberId, "memberId");
    expire(now());
    if (members.remove(memberId) == null) {
      return false;
    }
    rebalance();
    return true;
  }

  /**
   * Commits {@code offset} (the next record to read) for {@code partition} on behalf of {@code
   * memberId} in {@code generation}.
   *
   * @throws IllegalArgumentException if {@code partition} is out of range or {@code offset} is not
   *     between 0 and the partition's log end offset
   */
  public CommitResult commit(String memberId, int generation, int partition, long offset) {
    Require.notNull(memberId, "memberId");
    checkPartition(partition);
    long end = log.logEndOffset(topic, partition);
    if (offset < 0 || offset > end) {
      throw new IllegalArgumentException("offset must be between 0 and " + end + " (the log end offset of "
          + topic + "-" + partition + "), got " + offset);
    }
    expire(now());
    Member m = members.get(memberId);
    if (m == null) {
      return CommitResult.UNKNOWN_MEMBER;
    }
    if (generation != this.generation) {
      return CommitResult.ILLEGAL_GENERATION;
    }
    if (!m.partitions.contains(partition)) {
      return CommitResult.NOT_ASSIGNED;
    }
    if (offset < committed[partition]) {
      return CommitResult.BEHIND_COMMITTED;
    }
    committed[partition] = offset;
    return CommitResult.COMMITTED;
  }

  /** The committed offset of {@code partition}, or empty if the group never committed it. */
  public OptionalLong committed(int partition) {
    checkPartition(partition);
    long c = committed[partition];
    return c < 0 ? OptionalLong.empty() : OptionalLong.of(c);
  }

  /**
   * Sets the committed offset of {@code partition}, even backwards, to replay from it.
   *
   * @throws IllegalStateException if the group has live members
   * @throws IllegalArgumentException if {@code offset} is not between the partition's log start
   *     and end offsets
   */
  public void resetOffset(int partition, long offset) {
    checkPartition(partition);
    expire(now());
    Require.requireState(members.isEmpty(),
        "group %s has %d live members; reset its offsets when it is empty", groupId, members.size());
    long start = log.logStartOffset(topic, partition);
    long end = log.logEndOffset(topic, partition);
    if (offset < start || offset > end) {
      throw new IllegalArgumentException("offset must be between " + start + " and " + end
          + " (the log start and end offsets of " + topic + "-" + partition + "), got " + offset);
    }
    committed[partition] = offset;
  }

  /** The lag of {@code partition}: log end minus committed offset (minus log start if none). */
  public long lag(int partition) {
    checkPartition(partition);
    long end = log.logEndOffset(topic, partition);
    long from = committed[partition] < 0 ? log.logStartOffset(topic, partition) : committed[partition];
    return Math.max(0, end - from);
  }

  /** The sum of the lags of all partitions. */
  public long totalLag() {
    long sum = 0;
    for (int p = 0; p < committed.length; p++) {
      sum += lag(p);
    }
    return sum;
  }

  /** The current generation: 0 before the first join, one more at each rebalance. */
  public int generation() {
    expire(now());
    return generation;
  }

  /** The live members' ids, sorted. */
  public List<String> members() {
    expire(now());
    return List.copyOf(members.keySet());
  }

  /** Each live member's partitions in the current generation, by member id. */
  public SortedMap<String, List<Integer>> assignments() {
    expire(now());
    SortedMap<String, List<Integer>> out = new TreeMap<>();
    for (Map.Entry<String, Member> e : members.entrySet()) {
      out.put(e.getKey(), e.getValue().partitions);
    }
    return Collections.unmodifiableSortedMap(out);
  }

  @Override
  public String toString() {
    return "ConsumerGroup[" + groupId + " on " + topic + ", generation " + generation + ", members "
        + members.keySet() + "]";
  }

  private Assignment assignmentOf(String memberId) {
    return new Assignment(memberId, generation, members.get(memberId).partitions);
  }

  private long now() {
    return log.ticker().nanos();
  }

  /** Removes the members whose session ran out, and rebalances once if any did. */
  private void expire(long now) {
    boolean removed = false;
    for (Iterator<Member> it = members.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastHeartbeat >= config.sessionTimeoutNanos()) {
        it.remove();
        removed = true;
      }
    }
    if (removed) {
      rebalance();
    }
  }

  private void rebalance() {
    generation++;
    if (members.isEmpty()) {
      return;
    }
    List<List<Integer>> split = config.assignmentStrategy().assign(committed.length, members.size());
    int i = 0;
    for (Member m : members.values()) {
      m.partitions = split.get(i++);
    }
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= committed.length) {
      throw new IllegalArgumentException("partition must be between 0 and " + (committed.length - 1)
          + " (topic " + topic + " has " + committed.length + "), got " + partition);
    }
  }

  /** A live member: its last heartbeat and its partitions. */
  private static final class Member {
    long lastHeartbeat;
    List<Integer> partitions = new ArrayList<>();

    Member(long lastHeartbeat) {
      this.lastHeartbeat = lastHeartbeat;
    }
  }
}
