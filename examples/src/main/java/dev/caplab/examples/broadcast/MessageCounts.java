package dev.caplab.examples.broadcast;

import dev.caplab.net.DropReason;
import dev.caplab.net.NetworkStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The network's message counters at one instant. {@link NetworkStats} only counts up, so the
 * traffic of a phase is the difference of two snapshots taken at its ends.
 *
 * <p>Immutable and thread-safe.
 */
record MessageCounts(long sent, long delivered, long duplicated, long[] dropped) {

  /** The counters of {@code stats} now. */
  static MessageCounts of(NetworkStats stats) {
    long[] dropped = new long[DropReason.values().length];
    for (DropReason r : DropReason.values()) {
      dropped[r.ordinal()] = stats.dropped(r);
    }
    return new MessageCounts(stats.sent(), stats.delivered(), stats.duplicated(), dropped);
  }

  /** Canonical constructor: keeps a private copy of the drop counts. */
  MessageCounts {
    dropped = dropped.clone();
  }

  /** What happened between {@code earlier} and this snapshot. */
  MessageCounts minus(MessageCounts earlier) {
    long[] d = new long[dropped.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = dropped[i] - earlier.dropped[i];
    }
    return new MessageCounts(sent - earlier.sent, delivered - earlier.delivered,
        duplicated - earlier.duplicated, d);
  }

  long dropped(DropReason reason) {
    return dropped[reason.ordinal()];
  }

  /** As a JSON-ready map: sent, delivered, duplicated, and dropped by reason in camelCase. */
  Map<String, Object> asMap() {
    Map<String, Object> drops = new LinkedHashMap<>();
    for (DropReason r : DropReason.values()) {
      drops.put(camelCase(r), dropped(r));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", sent);
    m.put("delivered", delivered);
    m.put("duplicated", duplicated);
    m.put("dropped", drops);
    return m;
  }

  /** {@code INBOX_OVERFLOW} becomes {@code inboxOverflow}, the style of the other JSON keys. */
  static String camelCase(DropReason reason) {
    String[] words = reason.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }
}
