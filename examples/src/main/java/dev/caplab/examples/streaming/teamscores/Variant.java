package dev.caplab.examples.streaming.teamscores;

import dev.caplab.examples.scenario.VariantKey;

/** One way of running the team-score pipeline: the watermark, the panes and what the windows group by. */
enum Variant implements VariantKey {
  PERFECT("perfect", "perfect watermark, on-time panes"),
  HEURISTIC("heuristic", "heuristic watermark, late scores to the side output"),
  EARLY_LATE_ACCUMULATING("earlyLateAccumulating", "heuristic, early + late panes, accumulating"),
  EARLY_LATE_DISCARDING("earlyLateDiscarding", "heuristic, early + late panes, discarding"),
  USER_SESSIONS("userSessions", "sessions per user, heuristic with lateness");

  private final String key;
  private final String description;

  Variant(String key, String description) {
    this.key = key;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  String description() {
    return description;
  }

  /** Whether the variant waits for a perfect watermark. */
  boolean perfect() {
    return this == PERFECT;
  }

  /** Whether late scores within the allowed lateness still update their windows. */
  boolean allowsLateness() {
    return this == EARLY_LATE_ACCUMULATING || this == EARLY_LATE_DISCARDING || this == USER_SESSIONS;
  }

  /** Whether windows emit early panes before the watermark reaches them. */
  boolean earlyPanes() {
    return this == EARLY_LATE_ACCUMULATING || this == EARLY_LATE_DISCARDING;
  }

  /** Whether each pane holds only what arrived since the previous one. */
  boolean discarding() {
    return this == EARLY_LATE_DISCARDING;
  }

  /** Whether the windows are per-user sessions (else per-team fixed windows). */
  boolean sessions() {
    return this == USER_SESSIONS;
  }
}
