/** The {@code quorum-tour} scenario: ONE, QUORUM and ALL side by side through a partition. */
package dev.caplab.examples.quorumtour;
