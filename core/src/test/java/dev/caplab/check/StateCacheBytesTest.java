package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The memo's byte estimate, which the memory budget is measured in: the table's slots, plus
 * each stored set in the smaller of its two forms, counted as the array it is (a 16-byte header
 * and its elements, rounded up to 8 bytes).
 */
class StateCacheBytesTest {

  private static final long EMPTY_TABLE = 1024L * StateCache.SLOT_BYTES;

  @Test
  void aSetWithoutHolesCostsOnlyItsSlot() {
    StateCache cache = new StateCache();
    assertEquals(EMPTY_TABLE, cache.bytes());
    // {0, 1, 2}: everything below hi = 3 is linearized
    assertTrue(cache.add(new long[] {0b111}, 1, 3, 3, 3, "s"));
    assertEquals(EMPTY_TABLE, cache.bytes());
  }

  @Test
  void aFewHolesAreStoredAsAListOfThem() {
    StateCache cache = new StateCache();
    // {0, 2}: one hole (1) below hi = 3; an int[1] is 16 + 4 bytes, 24 with padding
    assertTrue(cache.add(new long[] {0b101}, 1, 2, 1, 3, "s"));
    assertEquals(EMPTY_TABLE + 24, cache.bytes());
  }

  @Test
  void manyHolesInOneWordAreStoredAsTheWord() {
    StateCache cache = new StateCache();
    // {0, 11}: ten holes (40 bytes as ints) but one word: {first word index, word} is 16 + 16
    assertTrue(cache.add(new long[] {1L | 1L << 11}, 1, 2, 1, 12, "s"));
    assertEquals(EMPTY_TABLE + 32, cache.bytes());
  }

  @Test
  void theTableDoublesOnceMoreThanHalfFull() {
    StateCache cache = new StateCache();
    for (int i = 0; i < 512; i++) {
      assertTrue(cache.add(new long[] {0b111}, i, 3, 3, 3, "s" + i));
    }
    assertEquals(EMPTY_TABLE, cache.bytes());
    assertTrue(cache.add(new long[] {0b111}, 512, 3, 3, 3, "s512"));
    assertEquals(2 * EMPTY_TABLE, cache.bytes());
    assertEquals(513, cache.size());
  }
}
