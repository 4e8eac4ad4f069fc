package dev.caplab.examples.streaming.realtimebilling;

import java.util.Comparator;

/** One line of the bill: a customer's charges in the billing window starting at {@code windowStart} (ms). */
record Cell(String customer, long windowStart) {

  /** By customer, then window. */
  static final Comparator<Cell> ORDER = Comparator.comparing(Cell::customer).thenComparingLong(Cell::windowStart);
}
