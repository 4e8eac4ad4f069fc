/**
 * The {@code broadcast-partition} scenario: gossip dissemination of values through a network
 * partition, measured before, during and after the split.
 */
package dev.caplab.examples.broadcast;
