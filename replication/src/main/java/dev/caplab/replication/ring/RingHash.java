package dev.caplab.replication.ring;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The deterministic 64-bit hash the ring places keys and virtual nodes with: MurmurHash64A
 * (Austin Appleby) over the UTF-8 bytes of a string, with a fixed seed. Unlike {@link
 * String#hashCode()} it spreads similar keys ("k1", "k2") over the whole ring, and unlike an
 * identity hash it is the same in every JVM run.
 *
 * <p>Stateless and thread-safe.
 */
public final class RingHash {

  /** The fixed seed; changing it moves every key. */
  public static final long SEED = 0x9E3779B97F4A7C15L;

  private static final long M = 0xc6a4a7935bd1e995L;
  private static final int R = 47;

  private RingHash() {}

  /** The 64-bit hash of {@code text}'s UTF-8 bytes. */
  public static long hash64(String text) {
    Objects.requireNonNull(text, "text");
    return hash64(text.getBytes(StandardCharsets.UTF_8));
  }

  /** MurmurHash64A of {@code data} with {@link #SEED}. */
  public static long hash64(byte[] data) {
    int len = data.length;
    long h = SEED ^ (len * M);
    int blocks = len >>> 3;
    for (int i = 0; i < blocks; i++) {
      int o = i << 3;
      long k = (data[o] & 0xffL)
          | (data[o + 1] & 0xffL) << 8
          | (data[o + 2] & 0xffL) << 16
          | (data[o + 3] & 0xffL) << 24
          | (data[o + 4] & 0xffL) << 32
          | (data[o + 5] & 0xffL) << 40
          | (data[o + 6] & 0xffL) << 48
          | (data[o + 7] & 0xffL) << 56;
      k *= M;
      k ^= k >>> R;
      k *= M;
      h ^= k;
      h *= M;
    }
    int tail = blocks << 3;
    switch (len & 7) {
      case 7:
        h ^= (data[tail + 6] & 0xffL) << 48;
        // fall through
      case 6:
        h ^= (data[tail + 5] & 0xffL) << 40;
        // fall through
      case 5:
        h ^= (data[tail + 4] & 0xffL) << 32;
        // fall through
      case 4:
        h ^= (data[tail + 3] & 0xffL) << 24;
        // fall through
      case 3:
        h ^= (data[tail + 2] & 0xffL) << 16;
        // fall through
      case 2:
        h ^= (data[tail + 1] & 0xffL) << 8;
        // fall through
      case 1:
        h ^= data[tail] & 0xffL;
        h *= M;
        break;
      default:
        break;
    }
    h ^= h >>> R;
    h *= M;
    h ^= h >>> R;
    return h;
  }

  /** Mixes {@code value} into a running hash {@code h} (for digests built from several parts). */
  public static long mix(long h, long value) {
    long k = value * M;
    k ^= k >>> R;
    k *= M;
    h ^= k;
    return h * M + 0x52dce729L;
  }
}
