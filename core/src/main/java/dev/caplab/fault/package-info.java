/**
 * Fault injection for simulated clusters: {@link dev.caplab.fault.Fault} (one partition, crash,
 * clock step or link change, naming nodes by name), {@link dev.caplab.fault.FaultPlan} (a
 * timeline written in advance) and {@link dev.caplab.fault.Nemesis} (seeded random faults at
 * rates set by a {@link dev.caplab.fault.NemesisConfig}, on the nodes it permits). Plans, nemeses
 * and the faults a scenario applies in reaction to what it sees all go through one {@link
 * dev.caplab.fault.FaultLog} per run, which applies each fault as a simulation action (so it
 * lands at an exact virtual time and feeds the trace hash) and keeps the run's fault timeline.
 */
package dev.caplab.fault;
