/**
 * Causality tracking shared by every replicated structure: {@link
 * dev.caplab.replication.version.VersionVector}, one counter per actor, with its join ({@code
 * merge}), its order ({@code compare}, {@code dominates}) and dot membership ({@code contains}).
 * The quorum store's vector clocks and dotted versions, the CRDTs' causal contexts and the gossip
 * nodes of the {@code broadcast-partition} scenario all keep their knowledge in it.
 */
package dev.caplab.replication.version;
