/**
 * Write-back caching for hot counters: {@link dev.caplab.replication.cache.WriteBackCache} takes
 * increments in memory, acknowledges them at once, and writes each key's sum to a {@link
 * dev.caplab.replication.cache.CounterStore} once per flush, so a key liked thousands of times a
 * second costs the store one write per flush interval. The price is durability: what the cache
 * acknowledged and has not yet flushed is lost if the cache crashes, and the cache counts it.
 */
package dev.caplab.replication.cache;
