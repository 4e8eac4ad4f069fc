package dev.caplab.replication.cache;

/**
 * A snapshot of a {@link WriteBackCache}'s counts. Every acknowledged increment is in exactly one
 * of four places: {@code acknowledged == applied + inFlight + buffered + lost}.
 *
 * @param acknowledged increments the cache accepted (and told its caller were counted)
 * @param applied increments the store confirmed
 * @param inFlight increments in writes the store has not answered yet
 * @param buffered increments waiting for the next flush (new, or back from a failed write)
 * @param lost increments a crash lost: buffered at the crash, or in a write that failed after it
 * @param bufferedKeys keys with buffered increments
 * @param flushes flushes that wrote at least one key, by any trigger
 * @param intervalFlushes flushes the interval triggered
 * @param sizeFlushes flushes the size limit triggered
 * @param writes writes sent to the store (one per key per flush)
 * @param failedWrites writes the store refused; their increments were buffered again
 */
public record WriteBackStats(long acknowledged, long applied, long inFlight, long buffered, long lost,
    int bufferedKeys, long flushes, long intervalFlushes, long sizeFlushes, long writes, long failedWrites) {}
