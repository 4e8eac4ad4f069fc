/**
 * A partitioned log with Kafka semantics (not built yet): topics split into partitions, each an
 * append-only sequence addressed by offsets; consumer groups that share a topic's partitions and
 * commit their offsets; an idempotent producer that a retried send cannot duplicate; and replay
 * from any retained offset.
 */
package dev.caplab.messaging.log;
