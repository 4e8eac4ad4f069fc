package dev.caplab.replication.quorum;

/**
 * A write held by a fallback node for an owner that did not answer. Immutable.
 *
 * @param owner the intended replica's name
 * @param key the key
 * @param value the state to deliver
 * @param storedAt simulated time the hint was first stored
 */
record Hint(String owner, String key, Siblings value, long storedAt) {}
