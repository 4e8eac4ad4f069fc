package dev.caplab.node;

/** What a node does with a message that arrives when its bounded inbox is full. */
public enum OverflowPolicy {
  /** Refuse the new message; a call request is answered with {@link Overloaded}. */
  REJECT,
  /** Silently drop the new message. */
  DROP_NEWEST,
  /** Drop the oldest queued message to make room for the new one. */
  DROP_OLDEST
}
