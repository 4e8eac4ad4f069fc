package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlValueStateTest {

  private static final long TTL = 1_000;

  private final ManualTicker ticker = new ManualTicker(5_000);

  private TtlValueState<String, String> state(UpdateType update, StateVisibility visibility, int cleanupSize) {
    return TtlValueState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(TTL)).updateType(update)
        .stateVisibility(visibility).cleanupSize(cleanupSize).build(), ticker);
  }

  private TtlValueState<String, String> defaults() {
    return TtlValueState.create(StateTtlConfig.ofTtl(Duration.ofNanos(TTL)), ticker);
  }

  @Test
  void aValueExpiresAtExactlyTheTtlNotANanosecondBefore() {
    TtlValueState<String, String> s = defaults();
    s.update("k", "v");
    ticker.advance(TTL - 1);
    assertEquals("v", s.value("k"));
    ticker.advance(1);
    assertNull(s.value("k"));
    assertEquals(0, s.entries());
    assertEquals(1, s.expiredCleaned());
  }

  @Test
  void onCreateAndWriteReadsDoNotExtendTheTtl() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("k", "v");
    ticker.advance(TTL - 1);
    assertEquals("v", s.value("k"));
    ticker.advance(1);
    assertNull(s.value("k"));
  }

  @Test
  void onReadAndWriteReadsExtendTheTtl() {
    TtlValueState<String, String> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("k", "v");
    ticker.advance(TTL - 1);
    assertEquals("v", s.value("k")); // restamped at TTL - 1
    ticker.advance(TTL - 1);
    assertEquals("v", s.value("k")); // restamped at 2 TTL - 2
    ticker.advance(TTL);
    assertNull(s.value("k"));
  }

  @Test
  void onReadAndWriteExpiresExactlyTtlAfterTheLastRead() {
    TtlValueState<String, String> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("k", "v");
    ticker.advance(10);
    s.value("k");
    ticker.advance(TTL);
    assertNull(s.value("k"));
  }

  @Test
  void writesRestartTheTtlInBothUpdateTypes() {
    for (UpdateType type : UpdateType.values()) {
      TtlValueState<String, String> s = state(type, StateVisibility.NEVER_RETURN_EXPIRED, 0);
      s.update("k", "v1");
      ticker.advance(TTL - 1);
      s.update("k", "v2");
      ticker.advance(TTL - 1);
      assertEquals("v2", s.value("k"), type::toString);
      if (type == UpdateType.ON_CREATE_AND_WRITE) {
        ticker.advance(1);
        assertNull(s.value("k"), type::toString);
      }
    }
  }

  @Test
  void neverReturnExpiredHidesAnExpiredValueStillStored() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("k", "v");
    ticker.advance(TTL);
    assertEquals(1, s.entries()); // nothing looked at it yet
    assertNull(s.value("k"));
    assertEquals(0, s.entries());
  }

  @Test
  void returnExpiredIfNotCleanedUpReturnsItOnceThenCleansItUp() {
    TtlValueState<String, String> s = state(UpdateType.ON_READ_AND_WRITE,
        StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP, 0);
    s.update("k", "v");
    ticker.advance(TTL);
    assertEquals("v", s.value("k"));
    assertEquals(1, s.expiredCleaned());
    assertNull(s.value("k"));
    assertEquals(1, s.expiredCleaned());
  }

  @Test
  void returnExpiredIfNotCleanedUpReturnsNothingOnceCleanupRemovedIt() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE,
        StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP, 1);
    s.update("k", "v");
    ticker.advance(TTL);
    s.update("other", "x"); // an access: incremental cleanup removes k
    assertNull(s.value("k"));
    assertEquals(1, s.expiredCleaned());
  }

  @Test
  void incrementalCleanupChecksCleanupSizeEntriesPerAccess() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 3);
    for (int i = 0; i < 7; i++) {
      s.update("k" + i, "v");
    }
    ticker.advance(TTL);
    assertEquals(7, s.entries());
    s.value("absent");
    assertEquals(4, s.entries());
    assertEquals(3, s.expiredCleaned());
    s.clear("absent");
    assertEquals(1, s.entries());
    s.value("absent");
    assertEquals(0, s.entries());
    assertEquals(7, s.expiredCleaned());
  }

  @Test
  void incrementalCleanupStopsAtTheOldestLiveEntry() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 5);
    s.update("old", "v");
    ticker.advance(10);
    s.update("young", "v");
    ticker.advance(TTL - 10);
    s.value("absent"); // old has expired, young has 10 ns to go
    assertEquals(1, s.entries());
    assertEquals("v", s.value("young"));
    assertEquals(1, s.expiredCleaned());
  }

  @Test
  void aReadRefreshMovesTheEntryBehindOlderOnes() {
    TtlValueState<String, String> s = state(UpdateType.ON_READ_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 1);
    s.update("a", "v");
    s.update("b", "v");
    ticker.advance(TTL - 1);
    s.value("a"); // a is now the youngest
    ticker.advance(1);
    s.value("absent"); // one check: b, the oldest, expired
    assertEquals(1, s.entries());
    assertEquals("v", s.value("a"));
  }

  @Test
  void withoutIncrementalCleanupOnlyReadsRemoveExpiredValues() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("a", "v");
    ticker.advance(TTL);
    s.update("b", "v");
    s.value("b");
    assertEquals(2, s.entries());
    assertEquals(0, s.expiredCleaned());
  }

  @Test
  void updateWithNullAndClearRemoveTheValue() {
    TtlValueState<String, String> s = defaults();
    s.update("k", "v");
    s.update("k", null);
    assertNull(s.value("k"));
    s.update("k", "v");
    s.clear("k");
    assertNull(s.value("k"));
    assertEquals(0, s.entries());
    assertEquals(0, s.expiredCleaned());
    s.clear("never");
  }

  @Test
  void overwritingAnExpiredValueReplacesIt() {
    TtlValueState<String, String> s = state(UpdateType.ON_CREATE_AND_WRITE, StateVisibility.NEVER_RETURN_EXPIRED, 0);
    s.update("k", "v1");
    ticker.advance(TTL);
    s.update("k", "v2");
    assertEquals("v2", s.value("k"));
    assertEquals(1, s.entries());
  }

  @Test
  void aSizerEstimatesTheBytesOfTheStoredValues() {
    TtlValueState<String, String> s = TtlValueState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(TTL))
        .cleanupSize(0).build(), ticker, String::length);
    s.update("a", "xxx");
    s.update("b", "yyyyy");
    assertEquals(8, s.estimatedBytes());
    s.update("a", "x");
    assertEquals(6, s.estimatedBytes());
    s.clear("b");
    assertEquals(1, s.estimatedBytes());
    ticker.advance(TTL);
    s.value("a");
    assertEquals(0, s.estimatedBytes());
    assertEquals(0, defaults().estimatedBytes());
  }

  @Test
  void incrementalCleanupReleasesTheBytesItRemoves() {
    TtlValueState<String, String> s = TtlValueState.create(StateTtlConfig.ofTtl(Duration.ofNanos(TTL)), ticker,
        String::length);
    s.update("a", "xxx");
    ticker.advance(TTL);
    s.update("b", "yy");
    assertEquals(2, s.estimatedBytes());
  }

  @Test
  void nullKeysAreRejected() {
    TtlValueState<String, String> s = defaults();
    assertEquals("key", assertThrows(NullPointerException.class, () -> s.value(null)).getMessage());
    assertEquals("key", assertThrows(NullPointerException.class, () -> s.update(null, "v")).getMessage());
    assertEquals("key", assertThrows(NullPointerException.class, () -> s.clear(null)).getMessage());
    assertThrows(NullPointerException.class, () -> TtlValueState.create(null, ticker));
    assertThrows(NullPointerException.class, () -> TtlValueState.create(StateTtlConfig.ofTtl(Duration.ofNanos(1)), null));
    assertThrows(NullPointerException.class,
        () -> TtlValueState.create(StateTtlConfig.ofTtl(Duration.ofNanos(1)), ticker, null));
  }

  @Test
  void theConfigIsTheOneGiven() {
    StateTtlConfig c = StateTtlConfig.ofTtl(Duration.ofSeconds(3));
    assertSame(c, TtlValueState.create(c, ticker).config());
    assertSame(c, TtlMapState.create(c, ticker).config());
  }
}
