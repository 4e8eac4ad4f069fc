package dev.caplab.messaging.log;

/**
 * One record read from a {@link PartitionedLog}: where it is (topic, partition, offset), when it
 * was appended (nanoseconds of the log's ticker), and its key and value.
 *
 * @param topic the topic
 * @param partition the partition within the topic
 * @param offset the record's position in its partition, from 0
 * @param timestamp the log's ticker reading when the record was appended
 * @param key the key, or null
 * @param value the value, or null
 * @param <K> key type
 * @param <V> value type
 */
public record LogRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value) {}
