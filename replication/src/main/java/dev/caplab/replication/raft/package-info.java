/**
 * Raft consensus (not built yet): leader election with randomised timeouts, log replication
 * committed by a majority, and a key-value store replicated through the log, so that reads and
 * writes stay linearizable across crashes and partitions as long as a majority is up and connected.
 */
package dev.caplab.replication.raft;
