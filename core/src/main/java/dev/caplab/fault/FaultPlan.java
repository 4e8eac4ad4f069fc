package dev.caplab.fault;

import dev.caplab.config.Require;
import dev.caplab.net.LinkProfile;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A fault timeline written in advance: "at 2 s partition majority/minority, at 5 s heal, at 6 s
 * crash b, at 9 s restart b". A scenario that wants one specific story of failure (rather than the
 * random ones of a {@link Nemesis}) states it here, and the report can print it back.
 *
 * <p>Times are absolute virtual times since the simulation's time 0. {@link #entries()} are sorted
 * by time; entries at the same time keep the order they were added in, and {@link
 * #schedule(FaultLog)} preserves that order because the simulator runs same-time events in
 * insertion order. So "at 3 s: crash b, restart b" is a crash followed by a restart. Each fault is
 * applied through the run's {@link FaultLog}, so it lands on the same timeline as the faults of a
 * nemesis and those the scenario applies itself.
 *
 * <p>{@link Builder#build()} checks the crash/restart story for consistency: crashing a node the
 * plan already crashed (with no restart in between), or restarting one it already restarted, is an
 * {@link IllegalStateException} naming both entries. The plan cannot know about crashes made by
 * other code, so a restart of a node the plan never crashed is accepted.
 *
 * <p>Immutable and thread-safe; {@link #schedule} must be called on the simulation thread.
 */
public final class FaultPlan {

  private static final FaultPlan EMPTY = new FaultPlan(List.of());

  private final List<TimedFault> entries;

  private FaultPlan(List<TimedFault> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Starts an empty timeline. */
  public static Builder builder() {
    return new Builder();
  }

  /** A plan with no faults. */
  public static FaultPlan empty() {
    return EMPTY;
  }

  /** Every entry, sorted by time; entries at the same time in the order they were added. */
  public List<TimedFault> entries() {
    return entries;
  }

  /** Whether the plan has no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Schedules every entry on the simulation of {@code log}'s cluster at its absolute virtual time;
   * each fault is applied through {@code log} (traced and recorded) when the simulation reaches
   * it, one simulation event per entry. The whole plan is checked before anything is scheduled, so
   * a rejected plan schedules nothing.
   *
   * @throws IllegalStateException if an entry's time is before the simulation's current time
   */
  public void schedule(FaultLog log) {
    Objects.requireNonNull(log, "log");
    Simulation simulation = log.cluster().simulation();
    long now = simulation.now();
    for (TimedFault entry : entries) {
      if (entry.atNanos() < now) {
        throw new IllegalStateException("fault plan entry '" + entry + "' is in the past: the simulation is at "
            + Durations.exact(now) + "; schedule the plan before running past its first entry");
      }
    }
    for (TimedFault entry : entries) {
      Fault fault = entry.fault();
      simulation.scheduleAt(entry.atNanos(), () -> log.apply(fault));
    }
  }

  @Override
  public String toString() {
    return entries.stream().map(TimedFault::toString).collect(Collectors.joining("; ", "FaultPlan[", "]"));
  }

  /**
   * Collects entries in any order; {@link #build()} sorts them (stably) and checks them. Each
   * method validates its arguments at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final List<TimedFault> entries = new ArrayList<>();

    private Builder() {}

    /** Applies {@code faults} at virtual time {@code at}, in the order given. */
    public Builder at(Duration at, Fault... faults) {
      Require.nonNegative("at", at);
      Objects.requireNonNull(faults, "faults");
      Require.requireArgument(faults.length > 0, "faults at %s must name at least one fault, got none",
          Durations.exact(at));
      for (int i = 0; i < faults.length; i++) {
        entries.add(new TimedFault(at, Objects.requireNonNull(faults[i], "faults[" + i + "]")));
      }
      return this;
    }

    /** Adds every entry of {@code timed}, e.g. to replay a {@link Nemesis#log()} as a plan. */
    public Builder addAll(List<TimedFault> timed) {
      Objects.requireNonNull(timed, "timed");
      for (TimedFault t : timed) {
        entries.add(Objects.requireNonNull(t, "timed fault"));
      }
      return this;
    }

    /** At {@code at}, splits the nodes into {@code groups} (see {@link Fault.Partition}). */
    @SafeVarargs
    public final Builder partition(Duration at, List<String>... groups) {
      return at(at, Fault.Partition.of(groups));
    }

    /** At {@code at}, splits the cluster into a majority and a minority (see {@link Fault.MajorityMinority}). */
    public Builder majorityMinority(Duration at) {
      return at(at, new Fault.MajorityMinority());
    }

    /** At {@code at}, cuts {@code node} off from every other node. */
    public Builder isolate(Duration at, String node) {
      return at(at, new Fault.Isolate(node));
    }

    /** At {@code at}, cuts the one-way link {@code from -> to}. */
    public Builder cut(Duration at, String from, String to) {
      return at(at, new Fault.Cut(from, to));
    }

    /** At {@code at}, splits the cluster into two halves bridged by one node (see {@link Fault.Bridge}). */
    public Builder bridge(Duration at) {
      return at(at, new Fault.Bridge());
    }

    /** At {@code at}, removes every partition, isolation and cut. */
    public Builder heal(Duration at) {
      return at(at, new Fault.Heal());
    }

    /** At {@code at}, crashes {@code node}. */
    public Builder crash(Duration at, String node) {
      return at(at, new Fault.Crash(node));
    }

    /** At {@code at}, restarts {@code node}. */
    public Builder restart(Duration at, String node) {
      return at(at, new Fault.Restart(node));
    }

    /** At {@code at}, steps {@code node}'s clock to {@code offset} from true time. */
    public Builder clockOffset(Duration at, String node, Duration offset) {
      return at(at, new Fault.ClockOffset(node, offset));
    }

    /** At {@code at}, sets {@code node}'s clock drift rate. */
    public Builder clockDrift(Duration at, String node, double drift) {
      return at(at, new Fault.ClockDrift(node, drift));
    }

    /** At {@code at}, overrides the link {@code from -> to} (and back, if {@code bothWays}). */
    public Builder degradeLink(Duration at, String from, String to, LinkProfile profile, boolean bothWays) {
      return at(at, new Fault.DegradeLink(from, to, profile, bothWays));
    }

    /** At {@code at}, returns the link {@code from -> to} (and back, if {@code bothWays}) to the default. */
    public Builder restoreLink(Duration at, String from, String to, boolean bothWays) {
      return at(at, new Fault.RestoreLink(from, to, bothWays));
    }

    /**
     * Sorts the entries by time (stably) and checks the crash/restart story.
     *
     * @throws IllegalStateException if the plan crashes a node it already crashed, or restarts a
     *     node it already restarted, with nothing in between; the message names both entries
     */
    public FaultPlan build() {
      List<TimedFault> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparing(TimedFault::at)); // List.sort is stable
      checkCrashRestart(sorted);
      return sorted.isEmpty() ? EMPTY : new FaultPlan(sorted);
    }

    private static void checkCrashRestart(List<TimedFault> sorted) {
      // The last crash or restart the plan made of each node: down after a crash, up after a restart.
      Map<String, TimedFault> last = new LinkedHashMap<>();
      for (TimedFault entry : sorted) {
        if (entry.fault() instanceof Fault.Crash crash) {
          TimedFault previous = last.put(crash.node(), entry);
          if (previous != null && previous.fault() instanceof Fault.Crash) {
            throw new IllegalStateException(crash.describe() + " at " + Durations.exact(entry.at()) + ": "
                + crash.node() + " is already down since " + Durations.exact(previous.at())
                + "; add a restart before crashing it again");
          }
        } else if (entry.fault() instanceof Fault.Restart restart) {
          TimedFault previous = last.put(restart.node(), entry);
          if (previous != null && previous.fault() instanceof Fault.Restart) {
            throw new IllegalStateException(restart.describe() + " at " + Durations.exact(entry.at()) + ": "
                + restart.node() + " is already up since its restart at " + Durations.exact(previous.at())
                + "; add a crash before restarting it again");
          }
        }
      }
    }
  }
}
