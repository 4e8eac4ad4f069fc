package dev.caplab.check;

/**
 * The memo of the linearizability search: the set of (linearized operations, model state) pairs
 * already explored. Reaching a pair again cannot lead anywhere new, which is what makes the
 * Wing-Gong-Lowe search practical (Lowe 2017; Porcupine).
 *
 * <p>Open addressing with linear probing. The caller passes the linearized set as a live bitset
 * with its hash (maintained incrementally by xor-ing one fixed random word per operation, Zobrist
 * hashing), its size {@code count}, its lowest absent operation {@code lo} and one past its
 * highest member {@code hi}.
 *
 * <p><b>Compact sets.</b> Operations are numbered in invocation order, and the search can only
 * linearize an operation invoked before the earliest completion still pending, so a set is
 * "everything below {@code lo}, then a few members up to {@code hi}". A stored set keeps only
 * what lies between {@code lo} and {@code hi}: either the absent operations there (the
 * <i>holes</i>: a handful, one per concurrent process, plus the operations of unknown outcome
 * not yet placed) or the bitset words covering that range, whichever is smaller. A stored pair
 * thus costs a few dozen bytes however long the history, where a copy of the whole bitset cost
 * {@code ops / 8} bytes (12.5 KB per state for 100,000 operations).
 *
 * <p>Two sets with equal {@code hi} and {@code count} are equal exactly when their holes are
 * (both have {@code hi - count} absent operations below {@code hi}), or when their words from
 * {@code lo}'s word to {@code hi}'s agree (equal population then forces the words below to be
 * full in both), so a lookup never builds a stored form. Not thread-safe: one per search.
 */
final class StateCache {

  /** Estimated bytes of one table slot: hash, hi, count, and two compressed references. */
  static final int SLOT_BYTES = 8 + 4 + 4 + 4 + 4;
  /** Estimated bytes of an array's header. */
  private static final int ARRAY_HEADER = 16;
  private static final int[] NO_HOLES = new int[0];

  private long[] hashes;
  private int[] his;
  private int[] counts;
  private Object[] sets; // int[] holes, or long[] {first word index, words...}
  private Object[] states;
  private int size;
  private int mask;
  private long setBytes;

  StateCache() {
    allocate(1 << 10);
  }

  private void allocate(int capacity) {
    hashes = new long[capacity];
    his = new int[capacity];
    counts = new int[capacity];
    sets = new Object[capacity];
    states = new Object[capacity];
    mask = capacity - 1;
  }

  /** Number of pairs stored. */
  int size() {
    return size;
  }

  /**
   * Estimated heap bytes the memo holds: its table and the stored sets (not the model states,
   * which for registers are the history's own values).
   */
  long bytes() {
    return (long) hashes.length * SLOT_BYTES + setBytes;
  }

  /**
   * Adds the pair unless present; returns whether it was added.
   *
   * @param set the linearized operations as a bitset (read, not kept)
   * @param setHash the set's Zobrist hash
   * @param count the number of members of {@code set}
   * @param lo the lowest operation not in {@code set}
   * @param hi one past the highest operation in {@code set} (0 for the empty set)
   * @param state the model state
   */
  boolean add(long[] set, long setHash, int count, int lo, int hi, Object state) {
    long h = mix(setHash ^ (state.hashCode() * 0x9E3779B97F4A7C15L));
    int i = (int) h & mask;
    for (Object s = sets[i]; s != null; s = sets[i]) {
      if (hashes[i] == h && his[i] == hi && counts[i] == count && sameSet(s, set)
          && states[i].equals(state)) {
        return false;
      }
      i = (i + 1) & mask;
    }
    Object stored = store(set, count, lo, hi);
    hashes[i] = h;
    his[i] = hi;
    counts[i] = count;
    sets[i] = stored;
    states[i] = state;
    setBytes += stored == NO_HOLES ? 0 : arrayBytes(stored);
    if (++size * 2 > hashes.length) {
      grow();
    }
    return true;
  }

  /** Whether a stored set equals the live {@code set}, given equal {@code hi} and count. */
  private static boolean sameSet(Object stored, long[] set) {
    if (stored instanceof int[] holes) {
      for (int hole : holes) {
        if ((set[hole >>> 6] & (1L << hole)) != 0) {
          return false;
        }
      }
      return true;
    }
    long[] words = (long[]) stored;
    int first = (int) words[0];
    for (int w = 1; w < words.length; w++) {
      if (words[w] != set[first + w - 1]) {
        return false;
      }
    }
    return true;
  }

  /** The smaller of the two stored forms of the range {@code [lo, hi)} of {@code set}. */
  private static Object store(long[] set, int count, int lo, int hi) {
    int holeCount = hi - count;
    if (holeCount <= 0) {
      return NO_HOLES;
    }
    int firstWord = lo >>> 6;
    int lastWord = (hi - 1) >>> 6;
    int wordCount = lastWord - firstWord + 1;
    if ((long) holeCount * Integer.BYTES <= (long) (wordCount + 1) * Long.BYTES) {
      int[] holes = new int[holeCount];
      int n = 0;
      for (int w = firstWord; w <= lastWord && n < holeCount; w++) {
        long absent = ~set[w];
        while (absent != 0 && n < holeCount) {
          int bit = (w << 6) + Long.numberOfTrailingZeros(absent);
          if (bit >= lo) {
            holes[n++] = bit;
          }
          absent &= absent - 1;
        }
      }
      return holes;
    }
    long[] words = new long[wordCount + 1];
    words[0] = firstWord;
    System.arraycopy(set, firstWord, words, 1, wordCount);
    return words;
  }

  private static long arrayBytes(Object array) {
    long data = array instanceof int[] a ? (long) a.length * Integer.BYTES
        : (long) ((long[]) array).length * Long.BYTES;
    return (ARRAY_HEADER + data + 7) & ~7L;
  }

  private void grow() {
    long[] oldHashes = hashes;
    int[] oldHis = his;
    int[] oldCounts = counts;
    Object[] oldSets = sets;
    Object[] oldStates = states;
    allocate(oldHashes.length * 2);
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldSets[j] != null) {
        int i = (int) oldHashes[j] & mask;
        while (sets[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        his[i] = oldHis[j];
        counts[i] = oldCounts[j];
        sets[i] = oldSets[j];
        states[i] = oldStates[j];
      }
    }
  }

  /** The MurmurHash3 64-bit finaliser: spreads bits so linear probing stays short. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
