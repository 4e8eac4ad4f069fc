package dev.caplab.messaging.log;

/**
 * A record as a {@link LogBroker} keeps it in its node's durable storage, to rebuild its log after
 * a restart: its timestamp, key and value, and the producer id and sequence number of an
 * idempotent append (-1 and -1 otherwise).
 */
record StoredRecord(long timestamp, Object key, Object value, long producerId, int sequence) {}
