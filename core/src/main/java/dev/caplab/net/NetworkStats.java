package dev.caplab.net;

import java.util.EnumMap;
import java.util.Map;

/**
 * Message counters of one network. A message is {@code sent} once; each copy either arrives
 * ({@code delivered}) or is {@code dropped} for one {@link DropReason}; {@code duplicated} counts
 * the extra copies the network made. Conservation: {@code sent + duplicated = delivered + dropped
 * + inFlight}.
 *
 * <p>Not thread-safe: updated on the simulation thread.
 */
public final class NetworkStats {

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

  public long sent() {
    return sent;
  }

  public long delivered() {
    return delivered;
  }

  public long duplicated() {
    return duplicated;
  }

  public long dropped(DropReason reason) {
    return dropped[reason.ordinal()];
  }

  public long droppedTotal() {
    long total = 0;
    for (long d : dropped) {
      total += d;
    }
    return total;
  }

  /** Copies still in the network: sent or duplicated, neither delivered nor dropped yet. */
  public long inFlight() {
    return sent + duplicated - delivered - droppedTotal();
  }

  /** Drops per reason, in {@link DropReason} order. */
  public Map<DropReason, Long> droppedByReason() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      out.put(r, dropped[r.ordinal()]);
    }
    return out;
  }

  @Override
  public String toString() {
    return "sent=" + sent + " delivered=" + delivered + " duplicated=" + duplicated
        + " dropped=" + droppedByReason();
  }
}
