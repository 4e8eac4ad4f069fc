package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Iteration over one key's map: order, expiry at the exact TTL, refresh, cleanup and the index behind it. */
class TtlMapStateIterationTest {

  private final ManualTicker ticker = new ManualTicker();

  private TtlMapState<String, String, Integer> state(UpdateType type, StateVisibility visibility, int cleanupSize) {
    return TtlMapState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(10)).updateType(type)
        .stateVisibility(visibility).cleanupSize(cleanupSize).build(), ticker);
  }

  @Test
  void entriesComeInFirstPutOrderPerKeyAndOnlyForThatKey() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.put("a", "z", 1);
    s.put("b", "y", 2);
    s.put("a", "x", 3);
    s.put("a", "z", 4);
    assertEquals(List.of(Map.entry("z", 4), Map.entry("x", 3)), s.entries("a"));
    assertEquals(List.of("z", "x"), s.keys("a"));
    assertEquals(List.of(4, 3), s.values("a"));
    assertEquals(Map.entry("z", 4), s.iterator("a").next());
    assertEquals(List.of(Map.entry("y", 2)), s.entries("b"));
    assertEquals(List.of(), s.entries("c"));
    assertTrue(s.isEmpty("c"));
    assertFalse(s.isEmpty("a"));
    s.remove("a", "z");
    s.put("a", "z", 5);
    assertEquals(List.of("x", "z"), s.keys("a"), "removed and put again: last");
    assertThrows(UnsupportedOperationException.class, () -> s.entries("a").clear());
  }

  @Test
  void anEntryIsIteratedOneNanosecondBeforeItsTtlAndNotAtIt() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.put("a", "x", 1);
    ticker.advance(9);
    assertEquals(List.of("x"), s.keys("a"));
    assertFalse(s.isEmpty("a"));
    ticker.advance(1);
    assertTrue(s.isEmpty("a"), "isEmpty has no effects...");
    assertEquals(1, s.entries(), "...so the entry is still stored");
    assertEquals(List.of(), s.entries("a"));
    assertEquals(0, s.entries(), "iteration cleaned it up");
    assertEquals(1, s.expiredCleaned());
  }

  @Test
  void iterationRefreshesWhatItReturnsOnReadAndWrite() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.put("a", "x", 1);
    s.put("a", "y", 2);
    ticker.advance(5);
    assertEquals(List.of("x", "y"), s.keys("a")); // both restamped at 5
    ticker.advance(9);
    assertEquals(List.of("x", "y"), s.keys("a"), "refreshed at 5: alive at 14, restamped again");
    ticker.advance(9);
    assertFalse(s.isEmpty("a"), "refreshed at 14: alive at 23");
    ticker.advance(1);
    assertTrue(s.isEmpty("a"), "isEmpty refreshes nothing: expired at 24");
    assertEquals(List.of(), s.entries("a"));
  }

  @Test
  void returnExpiredShowsAnExpiredEntryOnceThenItIsGone() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE,
        StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP, 0);
    s.put("a", "x", 1);
    s.put("a", "y", 2);
    ticker.advance(5);
    assertEquals(List.of("x", "y"), s.keys("a"), "reads do not restamp with ON_CREATE_AND_WRITE");
    ticker.advance(5);
    assertFalse(s.isEmpty("a"), "expired but stored: a read would still return them");
    assertEquals(List.of(Map.entry("x", 1), Map.entry("y", 2)), s.entries("a"), "expired, shown this once");
    assertEquals(List.of(), s.entries("a"));
    assertTrue(s.isEmpty("a"));
    assertEquals(2, s.expiredCleaned());
  }

  @Test
  void incrementalCleanupForgetsTheUserKeysItRemoves() {
    TtlMapState<String, String, Integer> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 5);
    s.put("a", "x", 1);
    ticker.advance(10);
    s.put("b", "y", 2); // cleanup after this write removes a/x
    assertEquals(0, s.entries("a").size());
    assertEquals(1, s.entries());
    s.put("a", "w", 3);
    s.put("a", "x", 4);
    assertEquals(List.of("w", "x"), s.keys("a"), "x was forgotten by cleanup, so it comes after w now");
    assertThrows(NullPointerException.class, () -> s.entries(null));
    assertThrows(NullPointerException.class, () -> s.isEmpty(null));
  }
}
