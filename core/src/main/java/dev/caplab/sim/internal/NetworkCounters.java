package dev.caplab.sim.internal;

import dev.caplab.net.DropReason;
import dev.caplab.net.NetworkStats;

/** The simulated network's live counters. Not thread-safe: the simulation thread. */
final class NetworkCounters implements NetworkStats {

  private long sent;
  private long delivered;
  private long duplicated;
  private final long[] dropped = new long[DropReason.values().length];

  void onSent() {
    sent++;
  }

  void onDelivered() {
    delivered++;
  }

  void onDuplicated() {
    duplicated++;
  }

  void onDropped(DropReason reason) {
    dropped[reason.ordinal()]++;
  }

  @Override
  public long sent() {
    return sent;
  }

  @Override
  public long delivered() {
    return delivered;
  }

  @Override
  public long duplicated() {
    return duplicated;
  }

  @Override
  public long dropped(DropReason reason) {
    return dropped[reason.ordinal()];
  }

  @Override
  public long droppedTotal() {
    long total = 0;
    for (long d : dropped) {
      total += d;
    }
    return total;
  }

  @Override
  public String toString() {
    return NetworkStats.describe(this);
  }
}
