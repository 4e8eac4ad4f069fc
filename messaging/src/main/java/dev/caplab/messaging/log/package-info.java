/**
 * A partitioned log with Kafka semantics: topics split into partitions, each an append-only
 * sequence addressed by offsets, with retention by size and time ({@link
 * dev.caplab.messaging.log.PartitionedLog}); consumer groups that share a topic's partitions,
 * rebalance when members join, leave or fall silent, and commit offsets that never go backwards
 * ({@link dev.caplab.messaging.log.ConsumerGroup}, {@link dev.caplab.messaging.log.GroupConsumer});
 * an idempotent producer that a retried send cannot duplicate ({@link
 * dev.caplab.messaging.log.IdempotentProducer}); and replay from any retained offset.
 */
package dev.caplab.messaging.log;
