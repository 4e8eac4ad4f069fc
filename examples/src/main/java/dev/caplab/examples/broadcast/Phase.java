package dev.caplab.examples.broadcast;

/**
 * The three stretches of a run the scenario compares: before the partition, while it lasts, and
 * after the heal. Events are assigned to a phase by the time they started (a message by its send
 * time, a value by its publish time), so a value published just before the split whose spread
 * was cut short still counts as "before".
 */
enum Phase {
  BEFORE("before"),
  DURING("during"),
  AFTER("after");

  private final String key;

  Phase(String key) {
    this.key = key;
  }

  /** The lower-case name used in the JSON metrics and the tables. */
  String key() {
    return key;
  }

  /** The phase of an event that started at {@code nanos}. */
  static Phase at(long nanos, long partitionAtNanos, long healAtNanos) {
    if (nanos < partitionAtNanos) {
      return BEFORE;
    }
    return nanos < healAtNanos ? DURING : AFTER;
  }
}
