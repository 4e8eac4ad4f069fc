/**
 * Relief for hot keys: {@link dev.caplab.replication.sharding.WriteSharding} spreads the writes of
 * one logical key over shard keys ({@code key#1} .. {@code key#k}) and tells a read which shards to
 * gather; {@link dev.caplab.replication.sharding.AdaptiveSharding} gives shards only to the keys a
 * frequency sketch finds hot. Per-partition throttling (on {@code dev.caplab.capacity.TokenBucket})
 * and write-back caching are still to be built.
 */
package dev.caplab.replication.sharding;
