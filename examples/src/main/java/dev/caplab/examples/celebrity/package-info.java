/**
 * The {@code celebrity-hot-key} scenario: a post receives a burst of likes, and one counter key's
 * partition takes them all unless the writes are sharded or buffered in a write-back cache.
 */
package dev.caplab.examples.celebrity;
