package dev.caplab.messaging.log;

import java.nio.charset.StandardCharsets;

/**
 * The partition a key picks: Kafka's default partitioner, {@code toPositive(murmur2(bytes)) %
 * partitions}, over the bytes Kafka's serializers would produce: a {@code byte[]} as is, a
 * {@link String} in UTF-8 ({@code StringSerializer}), an {@link Integer} or {@link Long} big-endian
 * ({@code IntegerSerializer}, {@code LongSerializer}), so those keys land on the partition Kafka
 * would choose. An enum hashes its name; any other key hashes the four big-endian bytes of its
 * {@code hashCode()}, which must therefore be deterministic (records, strings and numbers are;
 * an object with the identity hash code is not, and would make runs irreproducible).
 *
 * <p>Thread-safe: stateless.
 */
final class KeyHash {

  private static final int SEED = 0x9747b28c;
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private KeyHash() {}

  /** The partition of a non-null {@code key} among {@code partitions}. */
  static int partition(Object key, int partitions) {
    return (hash(key) & 0x7fffffff) % partitions;
  }

  static int hash(Object key) {
    if (key instanceof byte[]) {
      byte[] bytes = (byte[]) key;
      return murmur2(bytes, bytes.length);
    }
    if (key instanceof String) {
      byte[] bytes = ((String) key).getBytes(StandardCharsets.UTF_8);
      return murmur2(bytes, bytes.length);
    }
    if (key instanceof Long) {
      long v = (Long) key;
      return murmur2Long(v);
    }
    if (key instanceof Integer) {
      return murmur2Int((Integer) key);
    }
    if (key instanceof Enum) {
      byte[] bytes = ((Enum<?>) key).name().getBytes(StandardCharsets.UTF_8);
      return murmur2(bytes, bytes.length);
    }
    return murmur2Int(key.hashCode());
  }

  /** Kafka's {@code Utils.murmur2}. */
  static int murmur2(byte[] data, int length) {
    int h = SEED ^ length;
    int length4 = length / 4;
    for (int i = 0; i < length4; i++) {
      int i4 = i * 4;
      int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16)
          + ((data[i4 + 3] & 0xff) << 24);
      h = mixIn(h, k);
    }
    int tail = length & ~3;
    switch (length % 4) {
      case 3:
        h ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        h ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        h ^= data[tail] & 0xff;
        h *= M;
        break;
      default:
        break;
    }
    return finish(h);
  }

  /** murmur2 of the 4 big-endian bytes of {@code v}, without allocating them. */
  static int murmur2Int(int v) {
    int h = SEED ^ 4;
    h = mixIn(h, Integer.reverseBytes(v));
    return finish(h);
  }

  /** murmur2 of the 8 big-endian bytes of {@code v}, without allocating them. */
  static int murmur2Long(long v) {
    int h = SEED ^ 8;
    h = mixIn(h, Integer.reverseBytes((int) (v >>> 32)));
    h = mixIn(h, Integer.reverseBytes((int) v));
    return finish(h);
  }

  private static int mixIn(int h, int k) {
    k *= M;
    k ^= k >>> R;
    k *= M;
    h *= M;
    return h ^ k;
  }

  private static int finish(int h) {
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }
}
