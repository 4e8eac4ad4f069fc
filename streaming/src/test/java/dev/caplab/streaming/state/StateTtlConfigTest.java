package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StateTtlConfigTest {

  @Test
  void defaultsAreFlinks() {
    StateTtlConfig c = StateTtlConfig.ofTtl(Duration.ofMinutes(5));
    assertEquals(Duration.ofMinutes(5), c.ttl());
    assertEquals(300_000_000_000L, c.ttlNanos());
    assertEquals(UpdateType.ON_CREATE_AND_WRITE, c.updateType());
    assertEquals(StateVisibility.NEVER_RETURN_EXPIRED, c.stateVisibility());
    assertEquals(5, c.cleanupSize());
  }

  @Test
  void badSettingsNameTheParameterTheValueAndTheRange() {
    assertEquals("ttl must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> StateTtlConfig.ofTtl(Duration.ZERO)).getMessage());
    assertEquals("ttl must be > 0s, got -1ms", assertThrows(IllegalArgumentException.class,
        () -> StateTtlConfig.custom().ttl(Duration.ofMillis(-1))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> StateTtlConfig.custom().ttl(Duration.ofDays(365L * 300)));
    assertEquals(1, StateTtlConfig.ofTtl(Duration.ofNanos(1)).ttlNanos());
    assertEquals("cleanupSize must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> StateTtlConfig.custom().cleanupSize(-1)).getMessage());
    assertEquals(0, StateTtlConfig.custom().ttl(Duration.ofSeconds(1)).cleanupSize(0).build().cleanupSize());
    assertEquals("ttl", assertThrows(NullPointerException.class, () -> StateTtlConfig.custom().ttl(null)).getMessage());
    assertThrows(NullPointerException.class, () -> StateTtlConfig.custom().updateType(null));
    assertThrows(NullPointerException.class, () -> StateTtlConfig.custom().stateVisibility(null));
  }

  @Test
  void theTtlHasNoDefault() {
    assertEquals("ttl is required (it has no default): call ttl(...)",
        assertThrows(IllegalStateException.class, () -> StateTtlConfig.custom().build()).getMessage());
  }

  @Test
  void fromCopiesEverySetting() {
    StateTtlConfig c = StateTtlConfig.custom().ttl(Duration.ofSeconds(2)).updateType(UpdateType.ON_READ_AND_WRITE)
        .stateVisibility(StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP).cleanupSize(9).build();
    StateTtlConfig copy = StateTtlConfig.from(c).build();
    assertEquals(c, copy);
    assertEquals(c.hashCode(), copy.hashCode());
    assertNotEquals(c, StateTtlConfig.from(c).ttl(Duration.ofSeconds(3)).build());
    assertNotEquals(c, StateTtlConfig.from(c).updateType(UpdateType.ON_CREATE_AND_WRITE).build());
    assertNotEquals(c, StateTtlConfig.from(c).stateVisibility(StateVisibility.NEVER_RETURN_EXPIRED).build());
    assertNotEquals(c, StateTtlConfig.from(c).cleanupSize(8).build());
    assertNotEquals(c, "c");
    assertEquals("StateTtlConfig[ttl=2s, updateType=ON_READ_AND_WRITE, stateVisibility=RETURN_EXPIRED_IF_NOT_CLEANED_UP,"
        + " cleanupSize=9]", c.toString());
  }
}
