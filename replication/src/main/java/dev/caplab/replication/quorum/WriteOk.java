package dev.caplab.replication.quorum;

/**
 * A write's acknowledgement.
 *
 * @param key the key written
 * @param version the value and version written
 * @param acks acknowledgements from preference-list replicas when the coordinator answered
 * @param hints acknowledged hints (fallback nodes) counted when the coordinator answered
 */
public record WriteOk(String key, Versioned version, int acks, int hints) implements QuorumResult {}
