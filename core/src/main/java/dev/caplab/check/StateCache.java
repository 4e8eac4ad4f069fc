package dev.caplab.check;

import java.util.Arrays;

/**
 * The memo of the linearizability search: the set of (linearized operations as a bitset, model
 * state) pairs already explored. Reaching a pair again cannot lead anywhere new, which is what
 * makes the Wing-Gong-Lowe search practical (Lowe 2017; Porcupine).
 *
 * <p>Open addressing with linear probing. The caller passes the bitset's hash, maintained
 * incrementally by xor-ing one fixed random word per operation (Zobrist hashing), so a lookup
 * costs O(1) hashing plus one array comparison on a hash match; the bitset is copied only when
 * inserted. Not thread-safe: one per search.
 */
final class StateCache {

  private long[] hashes;
  private long[][] sets;
  private Object[] states;
  private int size;
  private int mask;

  StateCache() {
    int capacity = 1 << 10;
    hashes = new long[capacity];
    sets = new long[capacity][];
    states = new Object[capacity];
    mask = capacity - 1;
  }

  /** Number of pairs stored. */
  int size() {
    return size;
  }

  /** Adds the pair unless present; returns whether it was added. */
  boolean add(long[] set, long setHash, Object state) {
    long h = mix(setHash ^ (state.hashCode() * 0x9E3779B97F4A7C15L));
    int i = (int) h & mask;
    for (long[] s = sets[i]; s != null; s = sets[i]) {
      if (hashes[i] == h && Arrays.equals(s, set) && states[i].equals(state)) {
        return false;
      }
      i = (i + 1) & mask;
    }
    hashes[i] = h;
    sets[i] = set.clone();
    states[i] = state;
    if (++size * 2 > hashes.length) {
      grow();
    }
    return true;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[][] oldSets = sets;
    Object[] oldStates = states;
    int capacity = oldHashes.length * 2;
    hashes = new long[capacity];
    sets = new long[capacity][];
    states = new Object[capacity];
    mask = capacity - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldSets[j] != null) {
        int i = (int) oldHashes[j] & mask;
        while (sets[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
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
