package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import java.util.HashMap;
import java.util.Map;

/**
 * A producer whose retries cannot duplicate records, as Kafka's {@code enable.idempotence}: it
 * takes a producer id from the log, numbers its records per partition 0, 1, 2, ..., and the log
 * appends each (producer id, partition, sequence) once. {@link #prepare} fixes a record's
 * partition and sequence number; {@link #send(ProduceRequest)} appends it and may be called again
 * with the same request after a lost acknowledgement: the log answers the duplicate with the
 * offset of the first attempt. Requests must reach the log in their sequence order per partition
 * (a gap is an {@link OutOfOrderSequenceException}), which Kafka ensures with at most five
 * requests in flight and its retries in order.
 *
 * <p>Partitioning is the log's: a key's partition is {@link PartitionedLog#partitionFor}; records
 * without a key go round-robin, counted by this producer from partition 0.
 *
 * <p>Not thread-safe: used on the thread of its log.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class IdempotentProducer<K, V> {

  private final PartitionedLog<K, V> log;
  private final long producerId;
  private final Map<String, int[]> nextSequences = new HashMap<>();
  private final Map<String, Integer> roundRobin = new HashMap<>();

  private IdempotentProducer(PartitionedLog<K, V> log) {
    this.log = log;
    this.producerId = log.initProducerId();
  }

  /** A producer with a fresh producer id from {@code log}. */
  public static <K, V> IdempotentProducer<K, V> of(PartitionedLog<K, V> log) {
    return new IdempotentProducer<>(Require.notNull(log, "log"));
  }

  /** This producer's id. */
  public long producerId() {
    return producerId;
  }

  /** Gives a record its partition and the next sequence number there, without sending it. */
  public ProduceRequest<K, V> prepare(String topic, K key, V value) {
    int partitions = log.partitions(topic);
    int partition;
    if (key == null) {
      partition = roundRobin.getOrDefault(topic, 0);
      roundRobin.put(topic, (partition + 1) % partitions);
    } else {
      partition = log.partitionFor(topic, key);
    }
    int[] next = nextSequences.computeIfAbsent(topic, t -> new int[partitions]);
    return new ProduceRequest<>(topic, partition, producerId, next[partition]++, key, value);
  }

  /** Appends {@code request}, or acknowledges it as a duplicate if it was appended before. */
  public AppendResult send(ProduceRequest<K, V> request) {
    Require.notNull(request, "request");
    Require.requireArgument(request.producerId() == producerId,
        "request.producerId must be %d (this producer's), got %d", producerId, request.producerId());
    return log.append(request);
  }

  /** {@link #prepare} then {@link #send(ProduceRequest)}. */
  public AppendResult send(String topic, K key, V value) {
    return send(prepare(topic, key, value));
  }
}
