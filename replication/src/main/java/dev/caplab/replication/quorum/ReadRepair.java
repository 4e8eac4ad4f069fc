package dev.caplab.replication.quorum;

/** What a read does about replicas that answered with an older version. Thread-safe (an enum). */
public enum ReadRepair {
  /** Nothing: stale replicas stay stale until a write, hint or anti-entropy reaches them. */
  NONE,
  /**
   * Answer the client first, then wait for every contacted replica (until the read's request
   * timeout at most) and write the newest version to each stale one that answered.
   */
  ASYNC,
  /** Write the newest version to the stale replicas of the read quorum, and answer after they ack. */
  BLOCKING;

  /** Parses a read-repair name ({@code "none"}, {@code "async"}, {@code "blocking"}), ignoring case. */
  public static ReadRepair parse(String text) {
    return Settings.parseEnum(ReadRepair.class, "read repair", text);
  }
}
