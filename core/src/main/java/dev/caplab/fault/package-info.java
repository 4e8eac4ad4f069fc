/**
 * Fault injection for simulated clusters: {@link dev.caplab.fault.Fault} (one partition, crash,
 * clock step or link change, naming nodes by name), {@link dev.caplab.fault.FaultPlan} (a
 * timeline written in advance) and {@link dev.caplab.fault.Nemesis} (seeded random faults at
 * configurable rates). Both plan and nemesis apply faults as simulation actions, so every fault
 * lands at an exact virtual time and feeds the trace hash.
 */
package dev.caplab.fault;
