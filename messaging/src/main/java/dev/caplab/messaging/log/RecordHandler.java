package dev.caplab.messaging.log;

/**
 * Receives records one by one from {@link PartitionedLog#read(String, int, long, int,
 * RecordHandler)}, without a record object per record: the allocation-free way to consume.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface RecordHandler<K, V> {

  /** Handles the record at {@code offset} of {@code partition}, appended at {@code timestamp}. */
  void handle(int partition, long offset, long timestamp, K key, V value);
}
