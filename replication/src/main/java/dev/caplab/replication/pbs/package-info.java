/**
 * Probabilistically Bounded Staleness (Bailis et al., VLDB 2012) measured on the real quorum
 * protocol: {@link dev.caplab.replication.pbs.PbsExperiment} runs write-then-read trials on the
 * simulated network with per-leg latencies from a {@link dev.caplab.replication.pbs.PbsProfile}
 * and reports t-visibility (the probability that a read started t after a write committed returns
 * it) with read and write latency percentiles.
 */
package dev.caplab.replication.pbs;
