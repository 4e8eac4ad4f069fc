package dev.caplab.examples.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * The window of a run that a report's space-time diagram shows: which variant's simulation, from
 * when to when, and at most how many trace events (the first ones of the window).
 *
 * <p>Immutable and thread-safe.
 *
 * @param variant the variant whose simulation to journal (empty for a scenario without variants)
 * @param from start of the window, virtual time
 * @param to end of the window
 * @param maxEvents how many trace events the journal keeps at most
 */
public record DiagramWindow(String variant, Duration from, Duration to, int maxEvents) {

  /** The default cap on journaled events: enough for a readable diagram, small enough to keep. */
  public static final int DEFAULT_MAX_EVENTS = 200_000;

  public DiagramWindow {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isNegative() || to.compareTo(from) < 0) {
      throw new IllegalArgumentException("a diagram window must satisfy 0 <= from <= to, got from " + from + " to "
          + to);
    }
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be >= 1, got " + maxEvents);
    }
  }

  /** The window [from, to) of the variant, with the default event cap. */
  public static DiagramWindow of(String variant, Duration from, Duration to) {
    return new DiagramWindow(variant, from, to, DEFAULT_MAX_EVENTS);
  }
}
