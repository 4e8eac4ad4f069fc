package dev.caplab.messaging.log;

/**
 * One record an {@link IdempotentProducer} sends, with the partition and sequence number it was
 * given once: sending the same request again (a retry after a lost acknowledgement) cannot append
 * it twice.
 *
 * @param topic the topic
 * @param partition the partition
 * @param producerId the producer's id, from {@link PartitionedLog#initProducerId()}
 * @param sequence the producer's sequence number for this partition, from 0
 * @param key the key, or null
 * @param value the value, or null
 * @param <K> key type
 * @param <V> value type
 */
public record ProduceRequest<K, V>(String topic, int partition, long producerId, int sequence, K key, V value) {}
