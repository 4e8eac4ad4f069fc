package dev.caplab.messaging.log;

/**
 * How many bytes a record counts for retention by size ({@link TopicConfig#retentionBytes()}).
 *
 * <p>{@link #DEFAULT} counts a {@code byte[]} by its length, a {@link CharSequence} by its
 * length in chars, null as 0 and any other object as 1, for key and value alike. Kafka counts the
 * serialized batch with its headers; a log of objects has no serialized form, so a caller that
 * needs exact sizes passes its own sizer (for example the length of its serialization).
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface RecordSizer<K, V> {

  /** The default sizer described above. */
  RecordSizer<Object, Object> DEFAULT = (key, value) -> sizeOf(key) + sizeOf(value);

  /** The size of a record with {@code key} and {@code value}, >= 0. */
  int sizeOf(K key, V value);

  /** The default size of one key or value. */
  private static int sizeOf(Object o) {
    if (o == null) {
      return 0;
    }
    if (o instanceof byte[]) {
      return ((byte[]) o).length;
    }
    if (o instanceof CharSequence) {
      return ((CharSequence) o).length();
    }
    return 1;
  }
}
