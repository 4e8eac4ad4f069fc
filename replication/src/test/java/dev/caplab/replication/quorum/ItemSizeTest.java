package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DynamoDB's capacity units from an item's size: the boundaries of every rounding. */
class ItemSizeTest {

  @Test
  void anItemIsItsKeysAndValuesUtf8Bytes() {
    assertEquals(1, ItemSize.bytes("k", null), "an absent item: its key");
    Siblings two = Siblings.canonical(List.of(
        new Versioned("abc", new DottedVersion("n0", 1, VersionVector.empty())),
        new Versioned("de", new DottedVersion("n1", 1, VersionVector.empty()))));
    assertEquals(2 + 3 + 2, ItemSize.bytes("ky", two), "every sibling's value counts, versions do not");
    assertEquals(1 + 2 + 3 + 4, ItemSize.utf8("a\u00e9\u20ac\uD83D\uDE00"), "1, 2, 3 and 4 bytes");
    assertEquals(3, ItemSize.utf8("\uD83D"), "a lone surrogate is encoded as 3 bytes");
    assertEquals(0, ItemSize.utf8(""));
  }

  @Test
  void aWriteCostsOneUnitPerKilobyteRoundedUp() {
    assertEquals(1, ItemSize.writeUnits(0));
    assertEquals(1, ItemSize.writeUnits(1024));
    assertEquals(2, ItemSize.writeUnits(1025));
    assertEquals(400, ItemSize.writeUnits(400 * 1024), "DynamoDB's largest item");
  }

  @Test
  void aReadCostsTwoHalvesPerFourKilobytesStronglyAndOneEventually() {
    assertEquals(2, ItemSize.readHalfUnits(0, true));
    assertEquals(2, ItemSize.readHalfUnits(4096, true));
    assertEquals(4, ItemSize.readHalfUnits(4097, true));
    assertEquals(1, ItemSize.readHalfUnits(4096, false), "half a unit");
    assertEquals(2, ItemSize.readHalfUnits(4097, false), "8 KB eventually consistent: one unit");
  }

  @Test
  void aBucketChargesTheUnitsAndNoMoreThanItHolds() {
    dev.caplab.time.ManualTicker ticker = new dev.caplab.time.ManualTicker();
    PartitionTable t = new PartitionTable(PartitionCapacity.custom().splitForHeat(false).writeUnitsPerSecond(10)
        .readUnitsPerSecond(2).burstWindow(Duration.ofSeconds(1)).initialCredit(Duration.ofSeconds(1)).build(),
        List.of(0L), List.of(), ticker, (a, b, c, d) -> {});
    assertEquals(0, t.admitWrite("k", 4));
    assertEquals(0, t.admitWrite("k", 6));
    assertEquals(100_000_000L, t.admitWrite("k", 1), "10 units spent: the next one in 100 ms");
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(0, t.admitWrite("k", 50), "more than the bucket holds is charged the whole bucket");
    for (int i = 0; i < 4; i++) {
      assertEquals(0, t.admitRead("k", 1), "eventually consistent read " + i + " of 4 at 2 units");
    }
    assertEquals(250_000_000L, t.admitRead("k", 1), "half a unit at 2 units a second");
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(0, t.admitRead("k", 2));
    assertEquals(0, t.admitRead("k", 2));
    assertEquals(500_000_000L, t.admitRead("k", 2), "a strongly consistent read: a whole unit");
  }
}
