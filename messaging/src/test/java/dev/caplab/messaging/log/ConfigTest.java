package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The topic and group configurations: defaults, copies and refused values. */
class ConfigTest {

  @Test
  void topicDefaultsAreKafkas() {
    TopicConfig c = TopicConfig.ofDefaults();
    assertEquals(1, c.partitions());
    assertEquals(1024, c.segmentRecords());
    assertEquals(Long.MAX_VALUE, c.retentionBytes());
    assertEquals(Duration.ofDays(7), c.retentionTime());
    assertEquals(Duration.ofDays(7).toNanos(), c.retentionNanos());
    assertEquals("TopicConfig[partitions=1, segmentRecords=1024, retentionBytes=unlimited, retentionTime=604800s]",
        c.toString());
  }

  @Test
  void aTopicConfigCopiesItsBase() {
    TopicConfig base = TopicConfig.custom().partitions(3).segmentRecords(5).retentionBytes(99)
        .retentionTime(Duration.ofSeconds(2)).build();
    TopicConfig copy = TopicConfig.from(base).build();
    assertEquals(3, copy.partitions());
    assertEquals(5, copy.segmentRecords());
    assertEquals(99, copy.retentionBytes());
    assertEquals(Duration.ofSeconds(2), copy.retentionTime());
    assertEquals("TopicConfig[partitions=3, segmentRecords=5, retentionBytes=99, retentionTime=2s]", copy.toString());
    assertEquals(Long.MAX_VALUE, TopicConfig.custom().retentionTime(Duration.ofDays(365 * 300)).build().retentionNanos());
    assertEquals(2, TopicConfig.ofPartitions(2).partitions());
  }

  @Test
  void aTopicConfigRefusesValuesOutOfRange() {
    assertEquals("partitions must be between 1 and 10000, got 10001",
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.custom().partitions(10_001)).getMessage());
    TopicConfig.custom().partitions(10_000).partitions(1);
    assertEquals("segmentRecords must be between 1 and 1048576, got 0",
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.custom().segmentRecords(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicConfig.custom().segmentRecords((1 << 20) + 1));
    TopicConfig.custom().segmentRecords(1 << 20).segmentRecords(1);
    assertEquals("retentionBytes must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.custom().retentionBytes(0)).getMessage());
    TopicConfig.custom().retentionBytes(1);
    assertEquals("retentionTime must be >= 1ns, got 0s",
        assertThrows(IllegalArgumentException.class, () -> TopicConfig.custom().retentionTime(Duration.ZERO)).getMessage());
    TopicConfig.custom().retentionTime(Duration.ofNanos(1));
    assertThrows(NullPointerException.class, () -> TopicConfig.from(null));
  }

  @Test
  void groupDefaultsAreKafkas() {
    GroupConfig c = GroupConfig.ofDefaults();
    assertEquals(Duration.ofSeconds(45), c.sessionTimeout());
    assertEquals(45_000_000_000L, c.sessionTimeoutNanos());
    assertEquals(AssignmentStrategy.RANGE, c.assignmentStrategy());
    assertEquals("GroupConfig[sessionTimeout=45s, assignmentStrategy=RANGE]", c.toString());
  }

  @Test
  void aGroupConfigCopiesItsBaseAndComparesByValue() {
    GroupConfig base = GroupConfig.custom().sessionTimeout(Duration.ofSeconds(3))
        .assignmentStrategy(AssignmentStrategy.ROUND_ROBIN).build();
    GroupConfig copy = GroupConfig.from(base).build();
    assertEquals(base, copy);
    assertEquals(base.hashCode(), copy.hashCode());
    assertNotEquals(base, GroupConfig.from(base).sessionTimeout(Duration.ofSeconds(4)).build());
    assertNotEquals(base, GroupConfig.from(base).assignmentStrategy(AssignmentStrategy.RANGE).build());
    assertNotEquals(base, "GroupConfig");
  }

  @Test
  void aGroupConfigRefusesSessionTimeoutsOutOfRange() {
    assertEquals("sessionTimeout must be between 1ms and 1800s, got 999.999us",
        assertThrows(IllegalArgumentException.class,
            () -> GroupConfig.custom().sessionTimeout(Duration.ofNanos(999_999))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GroupConfig.custom().sessionTimeout(Duration.ofMinutes(30).plusNanos(1)));
    GroupConfig.custom().sessionTimeout(Duration.ofMillis(1)).sessionTimeout(Duration.ofMinutes(30));
    assertThrows(NullPointerException.class, () -> GroupConfig.custom().assignmentStrategy(null));
  }
}
