/**
 * Quorum-store measurements shared by {@code caplab sweep quorum} and the {@code quorum-tour}
 * scenario: a closed-loop mixed workload with a recorded history, stale reads, unavailability,
 * latency and a linearizability verdict.
 */
package dev.caplab.examples.quorum;
