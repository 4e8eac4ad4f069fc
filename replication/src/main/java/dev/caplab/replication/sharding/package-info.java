/**
 * Relief for hot keys: {@link dev.caplab.replication.sharding.WriteSharding} spreads the writes of
 * one logical key over shard keys ({@code key#1} .. {@code key#k}) and tells a read which shards to
 * gather; {@link dev.caplab.replication.sharding.AdaptiveSharding} gives shards only to the keys a
 * frequency sketch finds hot. The store's per-partition limits are {@code
 * dev.caplab.replication.quorum.PartitionCapacity}; the other relief, buffering a hot counter's
 * increments in memory, is {@code dev.caplab.replication.cache.WriteBackCache}.
 */
package dev.caplab.replication.sharding;
