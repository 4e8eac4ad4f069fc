package dev.caplab.fault;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A fault at a virtual time: an entry of a {@link FaultPlan} (when it will be applied) or of a
 * {@link Nemesis#log()} (when it was applied). One type for both, so a report can print a planned
 * timeline and a random one the same way, and a nemesis run can be replayed as a plan.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at virtual time since the simulation's time 0, never negative
 * @param fault what happens then
 */
public record TimedFault(Duration at, Fault fault) {

  public TimedFault {
    Require.nonNegative("at", at);
    Objects.requireNonNull(fault, "fault");
  }

  /** {@link #at()} in nanoseconds, the simulation's unit. */
  public long atNanos() {
    return at.toNanos();
  }

  /** For example {@code "at 2s: crash b"}. */
  @Override
  public String toString() {
    return "at " + Durations.exact(at) + ": " + fault.describe();
  }
}
