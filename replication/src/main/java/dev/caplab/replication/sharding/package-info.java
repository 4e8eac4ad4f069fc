/**
 * Relief for hot keys and hot partitions (not built yet): write sharding that splits one hot key
 * over several sub-keys and sums them on read, per-partition throttling that bounds what one key
 * range may take of a node, and write-back caching that absorbs bursts of writes and flushes them
 * in batches.
 */
package dev.caplab.replication.sharding;
