package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The memo finds a (linearized set, state) pair again exactly: two different sets are two pairs
 * even when their hashes, sizes and ends agree (a false match would prune a branch the search
 * still needed and could turn a linearizable history into a FALSE verdict), and the same set is
 * found again in either stored form. The hash only decides where a pair lives, so it must spread.
 */
class StateCacheMatchTest {

  private static final long HASH = 42;

  private static long without(int n, int... holes) {
    long set = n == 64 ? -1L : (1L << n) - 1;
    for (int h : holes) {
      set &= ~(1L << h);
    }
    return set;
  }

  /** {0..7} without {1, 3} and without {1, 5}: two holes each, stored as lists of holes. */
  @Test
  void setsStoredAsHolesAreToldApartOnAHashCollision() {
    StateCache cache = new StateCache();
    long[] a = {without(8, 1, 3)};
    long[] b = {without(8, 1, 5)};
    assertTrue(cache.add(a, HASH, 6, 1, 8, "s"));
    assertTrue(cache.add(b, HASH, 6, 1, 8, "s"), "another set is another pair");
    assertFalse(cache.add(a, HASH, 6, 1, 8, "s"));
    assertFalse(cache.add(b, HASH, 6, 1, 8, "s"));
    assertEquals(2, cache.size());
  }

  /** {0..63} without ten operations each, differing in one: stored as the word. */
  @Test
  void setsStoredAsWordsAreToldApartOnAHashCollision() {
    StateCache cache = new StateCache();
    long[] a = {without(64, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0};
    long[] b = {without(64, 0, 1, 2, 3, 4, 5, 6, 7, 8, 20), 0};
    assertTrue(cache.add(a, HASH, 54, 0, 64, "s"));
    assertTrue(cache.add(b, HASH, 54, 0, 64, "s"), "another set is another pair");
    assertFalse(cache.add(a, HASH, 54, 0, 64, "s"));
    assertFalse(cache.add(b, HASH, 54, 0, 64, "s"));
    assertEquals(2, cache.size());
  }

  /**
   * With {@code hi} at a word's end (64) the hole list must start at {@code lo} (1), the first
   * hole; a list that skipped it would end in a slot never filled and the pair would not match
   * itself.
   */
  @Test
  void aSetEndingAtAWordBoundaryIsFoundAgain() {
    StateCache cache = new StateCache();
    long[] set = {without(64, 1, 5)};
    assertTrue(cache.add(set, HASH, 62, 1, 64, "s"));
    assertFalse(cache.add(set, HASH, 62, 1, 64, "s"));
    assertEquals(1, cache.size());
  }

  /**
   * A 63-operation history has a one-word bitset; a set reaching its last operation ({@code hi}
   * 63) with many holes is stored as that one word (16 + 16 bytes).
   */
  @Test
  void aSetReachingTheLastOperationOfAWordCopiesOneWord() {
    StateCache cache = new StateCache();
    long[] set = {1L | 1L << 62};
    assertTrue(cache.add(set, HASH, 2, 1, 63, "s"));
    assertEquals(1024L * StateCache.SLOT_BYTES + 32, cache.bytes());
    assertFalse(cache.add(set, HASH, 2, 1, 63, "s"));
  }

  /**
   * Every input bit of the hash moves the slot (its low bits) and flips about half of the
   * output: Zobrist hashes that differ in any one bit land far apart, so probes stay short.
   */
  @Test
  void theMixSpreadsEveryInputBitOverTheSlotBits() {
    SplittableRandom random = new SplittableRandom(1);
    int samples = 500;
    long[] inputs = new long[samples];
    for (int i = 0; i < samples; i++) {
      inputs[i] = random.nextLong();
    }
    long flippedBits = 0;
    for (int bit = 0; bit < 64; bit++) {
      int slotMoved = 0;
      for (long z : inputs) {
        long diff = StateCache.mix(z) ^ StateCache.mix(z ^ (1L << bit));
        flippedBits += Long.bitCount(diff);
        if ((diff & 1023) != 0) {
          slotMoved++;
        }
      }
      assertTrue(slotMoved >= samples * 0.98,
          "bit " + bit + " moved the slot " + slotMoved + " times");
    }
    double mean = (double) flippedBits / (64 * samples);
    assertTrue(mean > 31 && mean < 33, "mean flipped bits " + mean);
  }
}
