package dev.caplab.net;

import java.util.EnumMap;
import java.util.Map;

/**
 * Message counters of one network. A message is {@code sent} once; each copy either arrives
 * ({@code delivered}) or is {@code dropped} for one {@link DropReason}; {@code duplicated} counts
 * the extra copies the network made. Conservation: {@code sent + duplicated = delivered + dropped
 * + inFlight}.
 *
 * <p>Live: the values change as the run goes on. Not thread-safe: read on the simulation thread.
 */
public interface NetworkStats {

  /** Messages sent (a duplicate is not a second send). */
  long sent();

  /** Copies that reached their handler. */
  long delivered();

  /** Extra copies the network made. */
  long duplicated();

  /** Copies dropped for {@code reason}. */
  long dropped(DropReason reason);

  /** Copies dropped for any reason. */
  default long droppedTotal() {
    long total = 0;
    for (DropReason r : DropReason.values()) {
      total += dropped(r);
    }
    return total;
  }

  /** Copies still in the network: sent or duplicated, neither delivered nor dropped yet. */
  default long inFlight() {
    return sent() + duplicated() - delivered() - droppedTotal();
  }

  /** Drops per reason, in {@link DropReason} order. */
  default Map<DropReason, Long> droppedByReason() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      out.put(r, dropped(r));
    }
    return out;
  }

  /** The counters as one line, for logs and examples. */
  static String describe(NetworkStats s) {
    return "sent=" + s.sent() + " delivered=" + s.delivered() + " duplicated=" + s.duplicated()
        + " dropped=" + s.droppedByReason();
  }
}
