package dev.caplab.messaging.log;

/**
 * The acknowledgement of an idempotent append ({@link PartitionedLog#append(ProduceRequest)}).
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset: the new one, or for a duplicate the offset its first
 *     attempt got; -1 for a duplicate too old for the log to remember its offset
 * @param duplicate true if the log already had this producer's sequence and appended nothing
 */
public record AppendResult(String topic, int partition, long offset, boolean duplicate) {}
