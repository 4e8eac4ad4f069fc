package dev.caplab.streaming.window;

/** Why a pane was emitted, as the Beam model (and the Streaming Systems book) names panes. */
public enum PaneKind {
  /** An early firing, on processing time, before the watermark reached the window's end. */
  EARLY,
  /** The firing when the watermark reached the window's end - 1. */
  ON_TIME,
  /** A firing for an element that arrived after the watermark passed the window's end - 1. */
  LATE
}
