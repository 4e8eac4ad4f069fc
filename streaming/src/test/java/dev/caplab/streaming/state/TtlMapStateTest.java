package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlMapStateTest {

  private static final long TTL = 100;

  private final ManualTicker ticker = new ManualTicker();

  private TtlMapState<String, String, Integer> state(UpdateType update, StateVisibility visibility) {
    return TtlMapState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(TTL)).updateType(update)
        .stateVisibility(visibility).cleanupSize(0).build(), ticker);
  }

  @Test
  void eachUserKeyExpiresOnItsOwn() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED);
    s.put("user", "cart", 1);
    ticker.advance(50);
    s.put("user", "wishlist", 2);
    s.put("other", "cart", 3);
    ticker.advance(50);
    assertNull(s.get("user", "cart"));
    assertEquals(2, s.get("user", "wishlist"));
    assertEquals(3, s.get("other", "cart"));
    ticker.advance(49);
    assertEquals(2, s.get("user", "wishlist"));
    ticker.advance(1);
    assertNull(s.get("user", "wishlist"));
    assertEquals(1, s.entries());
    assertEquals(2, s.expiredCleaned());
  }

  @Test
  void containsNeitherRefreshesNorCleansUp() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED);
    s.put("k", "a", 1);
    ticker.advance(TTL - 1);
    assertTrue(s.contains("k", "a"));
    ticker.advance(1);
    assertFalse(s.contains("k", "a")); // contains did not restamp it
    assertEquals(1, s.entries());
    assertFalse(s.contains("k", "b"));
  }

  @Test
  void containsSeesAnExpiredEntryThatAReadWouldReturn() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE,
        StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP);
    s.put("k", "a", 1);
    ticker.advance(TTL);
    assertTrue(s.contains("k", "a"));
    assertEquals(1, s.get("k", "a"));
    assertFalse(s.contains("k", "a"));
    assertNull(s.get("k", "a"));
  }

  @Test
  void readsRefreshOnlyTheEntryRead() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED);
    s.put("k", "a", 1);
    s.put("k", "b", 2);
    ticker.advance(TTL - 1);
    assertEquals(1, s.get("k", "a"));
    ticker.advance(1);
    assertEquals(1, s.get("k", "a"));
    assertNull(s.get("k", "b"));
  }

  @Test
  void removeDeletesOneEntry() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED);
    s.put("k", "a", 1);
    s.put("k", "b", 2);
    s.remove("k", "a");
    assertNull(s.get("k", "a"));
    assertEquals(2, s.get("k", "b"));
    assertEquals(1, s.entries());
    assertEquals(0, s.expiredCleaned());
  }

  @Test
  void aSizerEstimatesBytes() {
    TtlMapState<String, String, Integer> s = TtlMapState.create(StateTtlConfig.ofTtl(Duration.ofNanos(TTL)), ticker,
        v -> 4L * v);
    s.put("k", "a", 1);
    s.put("k", "b", 2);
    assertEquals(12, s.estimatedBytes());
    s.remove("k", "b");
    assertEquals(4, s.estimatedBytes());
  }

  @Test
  void nullsAreRejectedByName() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED);
    assertEquals("key", assertThrows(NullPointerException.class, () -> s.get(null, "a")).getMessage());
    assertEquals("userKey", assertThrows(NullPointerException.class, () -> s.put("k", null, 1)).getMessage());
    assertEquals("value", assertThrows(NullPointerException.class, () -> s.put("k", "a", null)).getMessage());
    assertThrows(NullPointerException.class,
        () -> TtlMapState.create(StateTtlConfig.ofTtl(Duration.ofNanos(1)), ticker, null));
  }
}
