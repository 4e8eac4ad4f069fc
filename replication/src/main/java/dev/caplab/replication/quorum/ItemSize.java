package dev.caplab.replication.quorum;

/**
 * What a request costs a metered partition, in DynamoDB's capacity units: a write ceil(size / 1 KB)
 * write units, a strongly consistent read ceil(size / 4 KB) read units, an eventually consistent
 * read half of that; every request at least the smallest charge. An item's size is its key's and
 * its values' UTF-8 bytes (every sibling's value, for a key holding several), as DynamoDB counts an
 * item's attribute names and values; versions and other metadata are the store's own and are not
 * charged. Reads are counted in half units, so an eventually consistent read of a small item costs
 * exactly half a unit. Stateless and thread-safe.
 */
final class ItemSize {

  /** Bytes per write unit (DynamoDB: 1 KB). */
  static final int WRITE_UNIT_BYTES = 1024;
  /** Bytes per read unit of a strongly consistent read (DynamoDB: 4 KB). */
  static final int READ_UNIT_BYTES = 4096;

  private ItemSize() {}

  /** The UTF-8 bytes of {@code key} and of every value {@code state} holds ({@code state} may be null). */
  static long bytes(String key, Siblings state) {
    long n = utf8(key);
    if (state != null) {
      for (Versioned v : state.versions()) {
        n += utf8(v.value());
      }
    }
    return n;
  }

  /** Write units of an item of {@code bytes}: ceil(bytes / 1 KB), at least 1. */
  static long writeUnits(long bytes) {
    return Math.max(1, ceilDiv(bytes, WRITE_UNIT_BYTES));
  }

  /**
   * Half read units of reading an item of {@code bytes}: two per 4 KB (rounded up, at least one 4
   * KB) for a strongly consistent read, one for an eventually consistent one.
   */
  static long readHalfUnits(long bytes, boolean consistent) {
    long units = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
    return consistent ? 2 * units : units;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** UTF-8 length of {@code s}, without encoding it. */
  static long utf8(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
