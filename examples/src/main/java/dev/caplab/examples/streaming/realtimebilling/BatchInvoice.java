package dev.caplab.examples.streaming.realtimebilling;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batch computation: every billing window's charges summed exactly over a complete set of
 * usage, with no watermark and nothing late. Stateless and thread-safe.
 */
final class BatchInvoice {

  private BatchInvoice() {}

  /** Each (customer, window) of the period, summed over {@code usage} at {@code pricing}. */
  static Map<Cell, Long> of(List<Usage> usage, Pricing pricing, long periodMs) {
    Map<Cell, Long> out = new TreeMap<>(Cell.ORDER);
    for (Usage u : usage) {
      if (u.eventMillis() < periodMs) {
        long start = u.eventMillis() - Math.floorMod(u.eventMillis(), Billing.WINDOW_MS);
        out.merge(new Cell(u.customer(), start), pricing.cents(u.calls()), Long::sum);
      }
    }
    return out;
  }

  /** The sum of a table's cells. */
  static long total(Map<Cell, Long> table) {
    long sum = 0;
    for (long v : table.values()) {
      sum += v;
    }
    return sum;
  }
}
