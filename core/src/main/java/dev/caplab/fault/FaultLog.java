package dev.caplab.fault;

import dev.caplab.node.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fault timeline of one run: every fault applied to one cluster, in the order (and so the
 * time order) it was applied, whoever applied it. {@link FaultPlan#schedule(FaultLog)} feeds it
 * the planned faults, {@link Nemesis#attach(FaultLog)} the random ones, and {@link #apply(Fault)}
 * the faults a scenario injects in reaction to what it sees (a process killed for using too much
 * memory, say). A report draws the run's faults from {@link #entries()} alone.
 *
 * <p>Make one log per cluster and pass it to everything that injects faults; a fault applied
 * with {@link Fault#apply(Cluster)} directly is not recorded. Entries are stamped with the
 * simulation's current time, which never goes back, so they are in time order; faults applied at
 * the same instant keep the order they were applied in.
 *
 * <p>Not thread-safe: like every cluster call, use it on the simulation thread.
 */
public final class FaultLog {

  private final Cluster cluster;
  private final List<TimedFault> entries = new ArrayList<>();
  private final List<Consumer<? super TimedFault>> listeners = new ArrayList<>();

  private FaultLog(Cluster cluster) {
    this.cluster = cluster;
  }

  /** An empty log for the faults of {@code cluster}. */
  public static FaultLog of(Cluster cluster) {
    return new FaultLog(Objects.requireNonNull(cluster, "cluster"));
  }

  /** The cluster the logged faults are applied to. */
  public Cluster cluster() {
    return cluster;
  }

  /**
   * Applies {@code fault} to the cluster now, records it and tells the listeners. A fault that
   * fails to apply (it throws) is not recorded.
   *
   * @return the recorded entry
   */
  public TimedFault apply(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    fault.apply(cluster);
    TimedFault entry = new TimedFault(Duration.ofNanos(cluster.simulation().now()), fault);
    entries.add(entry);
    for (Consumer<? super TimedFault> listener : listeners) {
      listener.accept(entry);
    }
    return entry;
  }

  /**
   * Calls {@code listener} right after each later fault is applied, in the same simulation
   * event, so it sees the cluster exactly as the fault left it (to take figures at a phase
   * boundary, for instance). Listeners run in the order they were added.
   */
  public void onApplied(Consumer<? super TimedFault> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Every fault applied so far, in time order. */
  public List<TimedFault> entries() {
    return List.copyOf(entries);
  }

  @Override
  public String toString() {
    return "FaultLog" + entries;
  }
}
