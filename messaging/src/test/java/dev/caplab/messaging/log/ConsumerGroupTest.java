package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {

  private static final GroupConfig TEN_SECONDS = GroupConfig.custom().sessionTimeout(Duration.ofSeconds(10)).build();

  private final ManualTicker ticker = new ManualTicker();
  private final PartitionedLog<String, String> log = PartitionedLog.create(ticker);
  private ConsumerGroup group;

  @BeforeEach
  void fiveRecordsInEachOfFivePartitions() {
    log.createTopic("orders", 5);
    for (int p = 0; p < 5; p++) {
      for (int i = 0; i < 5; i++) {
        log.append("orders", p, null, "v");
      }
    }
    group = log.group("billing", "orders", TEN_SECONDS);
  }

  @Test
  void eachJoinRebalancesIntoRangesOverMembersSortedById() {
    assertEquals(0, group.generation());
    Assignment a = group.join("a");
    assertEquals(new Assignment("a-1", 1, List.of(0, 1, 2, 3, 4)), a);
    Assignment b = group.join("b");
    assertEquals(new Assignment("b-2", 2, List.of(3, 4)), b);
    assertEquals(Map.of("a-1", List.of(0, 1, 2), "b-2", List.of(3, 4)), group.assignments());
    assertEquals(List.of("a-1", "b-2"), group.members());
    assertEquals(2, group.generation());
  }

  @Test
  void roundRobinDealsPartitionsInTurn() {
    ConsumerGroup rr = log.group("rr", "orders",
        GroupConfig.from(TEN_SECONDS).assignmentStrategy(AssignmentStrategy.ROUND_ROBIN).build());
    rr.join("a");
    rr.join("b");
    assertEquals(Map.of("a-1", List.of(0, 2, 4), "b-2", List.of(1, 3)), rr.assignments());
  }

  @Test
  void moreMembersThanPartitionsLeavesSomeIdle() {
    for (int i = 0; i < 6; i++) {
      group.join("c" + i);
    }
    long owners = group.assignments().values().stream().filter(ps -> !ps.isEmpty()).count();
    assertEquals(5, owners);
    assertEquals(List.of(), group.assignments().get("c5-6"));
  }

  @Test
  void aLeaveRebalancesAndAnUnknownLeaveChangesNothing() {
    group.join("a");
    group.join("b");
    assertTrue(group.leave("a-1"));
    assertEquals(3, group.generation());
    assertEquals(Map.of("b-2", List.of(0, 1, 2, 3, 4)), group.assignments());
    assertFalse(group.leave("a-1"));
    assertEquals(3, group.generation());
    assertTrue(group.leave("b-2"));
    assertEquals(Map.of(), group.assignments());
    assertEquals(4, group.generation());
  }

  @Test
  void aMemberWithoutHeartbeatForTheSessionTimeoutIsRemoved() {
    group.join("a");
    group.join("b");
    ticker.advance(Duration.ofSeconds(6));
    assertEquals(Optional.of(new Assignment("a-1", 2, List.of(0, 1, 2))), group.heartbeat("a-1"));
    ticker.advance(Duration.ofSeconds(4).minusNanos(1)); // b silent for 10 s minus 1 ns: still in
    assertEquals(List.of("a-1", "b-2"), group.members());
    ticker.advance(1); // exactly 10 s: out
    assertEquals(List.of("a-1"), group.members());
    assertEquals(3, group.generation());
    assertEquals(Optional.empty(), group.heartbeat("b-2"));
    assertEquals(Optional.of(new Assignment("a-1", 3, List.of(0, 1, 2, 3, 4))), group.heartbeat("a-1"));
  }

  @Test
  void commitsAreCheckedForMemberThenGenerationThenOwnership() {
    Assignment a = group.join("a");
    Assignment b = group.join("b"); // generation 2: a owns 0-2, b owns 3-4
    assertEquals(CommitResult.UNKNOWN_MEMBER, group.commit("z-9", 2, 0, 1));
    assertEquals(CommitResult.ILLEGAL_GENERATION, group.commit(a.memberId(), a.generation(), 0, 1));
    assertEquals(CommitResult.NOT_ASSIGNED, group.commit(a.memberId(), 2, 3, 1));
    assertEquals(CommitResult.COMMITTED, group.commit(a.memberId(), 2, 0, 3));
    assertEquals(CommitResult.COMMITTED, group.commit(b.memberId(), b.generation(), 3, 5));
    assertEquals(OptionalLong.of(3), group.committed(0));
    assertEquals(OptionalLong.of(5), group.committed(3));
    assertEquals(OptionalLong.empty(), group.committed(1));
    assertTrue(CommitResult.UNKNOWN_MEMBER.fenced());
    assertTrue(CommitResult.ILLEGAL_GENERATION.fenced());
    assertTrue(CommitResult.NOT_ASSIGNED.fenced());
    assertFalse(CommitResult.COMMITTED.fenced());
    assertFalse(CommitResult.BEHIND_COMMITTED.fenced());
  }

  @Test
  void aCommitBelowTheCommittedOffsetIsIgnoredAndAnEqualOneAccepted() {
    Assignment a = group.join("a");
    assertEquals(CommitResult.COMMITTED, group.commit(a.memberId(), 1, 0, 4));
    assertEquals(CommitResult.BEHIND_COMMITTED, group.commit(a.memberId(), 1, 0, 3));
    assertEquals(OptionalLong.of(4), group.committed(0));
    assertEquals(CommitResult.COMMITTED, group.commit(a.memberId(), 1, 0, 4));
    assertEquals(CommitResult.COMMITTED, group.commit(a.memberId(), 1, 0, 0 + 5));
  }

  @Test
  void aMemberPresumedDeadCannotCommitWhatItsSuccessorOwns() {
    Assignment a = group.join("a");
    ticker.advance(Duration.ofSeconds(10));
    Assignment b = group.join("b");
    assertEquals(CommitResult.UNKNOWN_MEMBER, group.commit(a.memberId(), a.generation(), 0, 2));
    assertEquals(CommitResult.COMMITTED, group.commit(b.memberId(), b.generation(), 0, 1));
  }

  @Test
  void commitsOfImpossibleOffsetsOrPartitionsAreBadArguments() {
    Assignment a = group.join("a");
    assertEquals("offset must be between 0 and 5 (the log end offset of orders-0), got 6",
        assertThrows(IllegalArgumentException.class, () -> group.commit(a.memberId(), 1, 0, 6)).getMessage());
    assertEquals("offset must be between 0 and 5 (the log end offset of orders-0), got -1",
        assertThrows(IllegalArgumentException.class, () -> group.commit(a.memberId(), 1, 0, -1)).getMessage());
    assertEquals("partition must be between 0 and 4 (topic orders has 5), got 5",
        assertThrows(IllegalArgumentException.class, () -> group.commit(a.memberId(), 1, 5, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> group.committed(-1));
    assertThrows(IllegalArgumentException.class, () -> group.lag(5));
  }

  @Test
  void lagIsTheEndOffsetMinusTheCommittedOneOrTheStartWithoutACommit() {
    Assignment a = group.join("a");
    assertEquals(5, group.lag(0));
    group.commit(a.memberId(), 1, 0, 2);
    assertEquals(3, group.lag(0));
    group.commit(a.memberId(), 1, 1, 5);
    assertEquals(0, group.lag(1));
    assertEquals(3 + 0 + 5 + 5 + 5, group.totalLag());
    log.append("orders", 1, null, "v");
    assertEquals(1, group.lag(1));
  }

  @Test
  void offsetsCanBeRewoundOnlyWhileTheGroupIsEmpty() {
    Assignment a = group.join("a");
    group.commit(a.memberId(), 1, 0, 4);
    assertEquals("group billing has 1 live members; reset its offsets when it is empty",
        assertThrows(IllegalStateException.class, () -> group.resetOffset(0, 1)).getMessage());
    group.leave(a.memberId());
    group.resetOffset(0, 1);
    assertEquals(OptionalLong.of(1), group.committed(0));
    assertEquals("offset must be between 0 and 5 (the log start and end offsets of orders-0), got 6",
        assertThrows(IllegalArgumentException.class, () -> group.resetOffset(0, 6)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> group.resetOffset(0, -1));
    group.resetOffset(0, 5);
    group.resetOffset(0, 0);
    assertEquals(OptionalLong.of(0), group.committed(0));
  }

  @Test
  void theLogKeepsOneGroupPerIdOnOneTopic() {
    assertSame(group, log.group("billing", "orders", TEN_SECONDS));
    assertEquals(List.of("billing"), List.copyOf(log.groups()));
    log.createTopic("other", 1);
    assertEquals("topic must be 'orders', the topic of group 'billing', got 'other'",
        assertThrows(IllegalArgumentException.class, () -> log.group("billing", "other")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> log.group("billing", "orders"));
    assertThrows(IllegalArgumentException.class, () -> log.group("new", "missing"));
    assertEquals("billing", group.groupId());
    assertEquals("orders", group.topic());
    assertEquals(TEN_SECONDS, group.config());
    assertEquals(5, group.partitions());
    assertEquals("ConsumerGroup[billing on orders, generation 0, members []]", group.toString());
  }
}
