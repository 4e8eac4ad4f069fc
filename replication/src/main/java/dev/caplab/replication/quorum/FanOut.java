package dev.caplab.replication.quorum;

/**
 * Which replicas of the preference list a coordinator contacts. Thread-safe (an enum).
 */
public enum FanOut {
  /** Send to all N replicas and answer after the first R (or W): Dynamo and Cassandra. */
  ALL,
  /**
   * Send to exactly R (or W) replicas chosen uniformly at random and wait for all of them: the
   * non-expanding partial quorum of the PBS paper (Bailis et al. 2012). The other replicas never
   * receive the request, so a write reaches only its W replicas until repair or anti-entropy.
   */
  QUORUM_ONLY;

  /** Parses a fan-out name ({@code "all"}, {@code "quorum-only"}), ignoring case. */
  public static FanOut parse(String text) {
    return Settings.parseEnum(FanOut.class, "fan-out", text);
  }
}
