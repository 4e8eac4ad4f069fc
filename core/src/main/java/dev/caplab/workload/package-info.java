/**
 * Ready-made workloads for checking a system built on the node contract: client nodes that drive
 * it through its own messages and record what they saw as a history for the checkers in {@code
 * dev.caplab.check}.
 */
package dev.caplab.workload;
