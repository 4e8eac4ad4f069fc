package dev.caplab.messaging.log;

/**
 * Where an append put a record, as Kafka's producer acknowledges a send.
 *
 * @param topic the topic
 * @param partition the partition the key (or the round-robin) chose
 * @param offset the record's offset in that partition
 * @param timestamp the log's ticker reading at the append
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {}
