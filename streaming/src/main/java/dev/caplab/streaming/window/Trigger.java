package dev.caplab.streaming.window;

/**
 * When a window emits a pane, as Flink's {@code EventTimeTrigger} and {@code PurgingTrigger}: both
 * fire when the watermark reaches the window's {@link TimeWindow#maxTimestamp() end - 1} (an
 * {@link PaneKind#ON_TIME ON_TIME} pane) and again at once for each element that arrives after that
 * but within the allowed lateness (a {@link PaneKind#LATE LATE} pane per element). They differ in
 * what a pane holds.
 */
public enum Trigger {
  /** Accumulating panes: each pane holds everything the window received so far. */
  EVENT_TIME,
  /** Discarding panes: firing also purges, so each pane holds only what arrived since the last one. */
  PURGING_EVENT_TIME;

  /** Whether firing clears the window's contents. */
  public boolean purges() {
    return this == PURGING_EVENT_TIME;
  }
}
