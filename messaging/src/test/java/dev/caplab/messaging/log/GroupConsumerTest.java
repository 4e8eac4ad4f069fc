package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GroupConsumerTest {

  private static final GroupConfig ONE_SECOND = GroupConfig.custom().sessionTimeout(Duration.ofSeconds(1)).build();

  private final ManualTicker ticker = new ManualTicker();
  private final PartitionedLog<String, Integer> log = PartitionedLog.create(ticker);

  private ConsumerGroup orders(int partitions, int recordsEach) {
    log.createTopic("orders", TopicConfig.custom().partitions(partitions).segmentRecords(4).build());
    for (int p = 0; p < partitions; p++) {
      for (int i = 0; i < recordsEach; i++) {
        log.append("orders", p, null, p * 1000 + i);
      }
    }
    return log.group("g", "orders", ONE_SECOND);
  }

  @Test
  void atLeastOnceProcessesThenCommitsAndAFailureIsReadAgain() {
    ConsumerGroup group = orders(1, 5);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    List<Integer> seen = new ArrayList<>();
    RuntimeException boom = new IllegalStateException("boom");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> c.pollAtLeastOnce(10, (p, o, ts, k, v) -> {
      if (o == 2) {
        throw boom;
      }
      seen.add(v);
    })));
    assertEquals(OptionalLong.of(2), group.committed(0)); // the two handled records are committed
    assertEquals(3, c.pollAtLeastOnce(10, (p, o, ts, k, v) -> seen.add(v)));
    assertEquals(List.of(0, 1, 2, 3, 4), seen);
    assertEquals(OptionalLong.of(5), group.committed(0));
    assertEquals(0, c.pollAtLeastOnce(10, (p, o, ts, k, v) -> seen.add(v)));
    assertEquals(0, group.lag(0));
  }

  @Test
  void atMostOnceCommitsFirstSoAFailureLosesTheRestOfTheBatch() {
    ConsumerGroup group = orders(1, 5);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    List<Integer> seen = new ArrayList<>();
    assertThrows(IllegalStateException.class, () -> c.pollAtMostOnce(3, (p, o, ts, k, v) -> {
      if (o == 1) {
        throw new IllegalStateException("crash");
      }
      seen.add(v);
    }));
    assertEquals(OptionalLong.of(3), group.committed(0));
    assertEquals(2, c.pollAtMostOnce(10, (p, o, ts, k, v) -> seen.add(v)));
    assertEquals(List.of(0, 3, 4), seen); // 1 and 2 are lost, nothing twice
    assertEquals(0, c.pollAtMostOnce(10, (p, o, ts, k, v) -> seen.add(v)));
  }

  @Test
  void aCrashedConsumersPartitionsGoToTheOthersAfterItsSessionAndResumeFromTheCommit() {
    ConsumerGroup group = orders(2, 6);
    GroupConsumer<String, Integer> a = GroupConsumer.join(log, group, "a", AutoOffsetReset.EARLIEST);
    GroupConsumer<String, Integer> b = GroupConsumer.join(log, group, "b", AutoOffsetReset.EARLIEST);
    assertEquals(List.of(0, 1), a.assignment().partitions()); // a learns of b at its next poll
    assertEquals(List.of(1), b.assignment().partitions());
    List<Integer> seen = new ArrayList<>();
    b.pollAtLeastOnce(2, (p, o, ts, k, v) -> seen.add(v));
    // b crashes: dropped without leaving. a keeps polling; after 1 s b is out and a owns both.
    for (int i = 0; i < 10; i++) {
      ticker.advance(Duration.ofMillis(300));
      a.pollAtLeastOnce(3, (p, o, ts, k, v) -> seen.add(v));
    }
    assertEquals(List.of(0, 1), a.assignment().partitions());
    assertEquals(List.of(1000, 1001, 0, 1, 2, 3, 4, 5, 1002, 1003, 1004, 1005), seen);
    assertEquals(0, group.totalLag());
  }

  @Test
  void aConsumerFencedByARebalanceCannotCommitAndTakesItsNewPartitionsAtTheNextPoll() {
    ConsumerGroup group = orders(2, 4);
    GroupConsumer<String, Integer> a = GroupConsumer.join(log, group, "a", AutoOffsetReset.EARLIEST);
    List<Integer> seen = new ArrayList<>();
    CommitFailedException refused = assertThrows(CommitFailedException.class,
        () -> a.pollAtLeastOnce(2, (p, o, ts, k, v) -> {
          seen.add(v);
          if (seen.size() == 1) {
            GroupConsumer.join(log, group, "b", AutoOffsetReset.EARLIEST); // rebalance mid-batch
          }
        }));
    assertEquals(CommitResult.ILLEGAL_GENERATION, refused.result());
    assertEquals(OptionalLong.empty(), group.committed(0));
    // generation 2: a keeps partition 0 and reads it again from the start, as nothing was committed
    assertEquals(4, a.pollAtLeastOnce(10, (p, o, ts, k, v) -> {}));
    assertEquals(2, a.assignment().generation());
    assertEquals(List.of(0), a.assignment().partitions());
  }

  @Test
  void aConsumerWhoseSessionExpiredRejoinsUnderANewMemberId() {
    ConsumerGroup group = orders(1, 3);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    assertEquals("c-1", c.memberId());
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(3, c.pollAtLeastOnce(10, (p, o, ts, k, v) -> {}));
    assertEquals("c-2", c.memberId());
    assertEquals(List.of("c-2"), group.members());
  }

  @Test
  void autoOffsetResetChoosesWhereAPartitionWithoutACommitStarts() {
    ConsumerGroup group = orders(1, 3);
    GroupConsumer<String, Integer> latest = GroupConsumer.join(log, group, "l", AutoOffsetReset.LATEST);
    assertEquals(3, latest.position(0));
    assertEquals(0, latest.pollAtLeastOnce(10, (p, o, ts, k, v) -> {}));
    latest.close();
    assertEquals(List.of(), group.members());
    GroupConsumer<String, Integer> earliest = GroupConsumer.join(log, group, "e", AutoOffsetReset.EARLIEST);
    assertEquals(0, earliest.position(0));
    earliest.close();
    assertEquals("partition 0 of orders has no committed offset and auto.offset.reset is NONE",
        assertThrows(IllegalStateException.class,
            () -> GroupConsumer.join(log, group, "n", AutoOffsetReset.NONE)).getMessage());
  }

  @Test
  void aPositionOvertakenByRetentionIsResetToTheLogStart() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(2).retentionBytes(2).build());
    ConsumerGroup group = log.group("g", "t", ONE_SECOND);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    for (int i = 0; i < 6; i++) {
      log.append("t", 0, null, i);
    }
    assertEquals(4, log.logStartOffset("t", 0));
    List<Long> offsets = new ArrayList<>();
    c.pollAtLeastOnce(10, (p, o, ts, k, v) -> offsets.add(o));
    assertEquals(List.of(4L, 5L), offsets);
  }

  @Test
  void withNoResetAPositionOvertakenByRetentionIsAnError() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(2).retentionBytes(2).build());
    ConsumerGroup group = log.group("g", "t", ONE_SECOND);
    GroupConsumer.join(log, group, "first", AutoOffsetReset.EARLIEST).close();
    group.resetOffset(0, 0);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.NONE);
    for (int i = 0; i < 6; i++) {
      log.append("t", 0, null, i);
    }
    OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class,
        () -> c.pollAtLeastOnce(10, (p, o, ts, k, v) -> {}));
    assertEquals(0, e.offset());
    assertEquals(4, e.logStartOffset());
  }

  @Test
  void partitionsAreReadInTurn() {
    ConsumerGroup group = orders(3, 2);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    List<Integer> partitions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      c.pollAtMostOnce(1, (p, o, ts, k, v) -> partitions.add(p));
    }
    assertEquals(List.of(0, 1, 2, 0, 1, 2), partitions);
    assertEquals(-1, c.position(5));
  }

  @Test
  void commitSyncCommitsThePositionsOnce() {
    ConsumerGroup group = orders(1, 3);
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    c.commitSync();
    assertEquals(OptionalLong.empty(), group.committed(0)); // nothing moved yet
    c.pollAtLeastOnce(2, (p, o, ts, k, v) -> {});
    c.commitSync();
    assertEquals(OptionalLong.of(2), group.committed(0));
  }

  @Test
  void badArgumentsAreRefused() {
    ConsumerGroup group = orders(1, 1);
    PartitionedLog<String, Integer> other = PartitionedLog.create(ticker);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> GroupConsumer.join(other, group, "c", AutoOffsetReset.EARLIEST)).getMessage()
        .startsWith("group must be a group of log, got ConsumerGroup[g on orders"));
    GroupConsumer<String, Integer> c = GroupConsumer.join(log, group, "c", AutoOffsetReset.EARLIEST);
    assertEquals("maxRecords must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> c.pollAtLeastOnce(0, (p, o, ts, k, v) -> {})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.pollAtMostOnce(0, (p, o, ts, k, v) -> {}));
    assertThrows(NullPointerException.class, () -> c.pollAtMostOnce(1, null));
  }
}
