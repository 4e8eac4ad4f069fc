package dev.caplab.replication.quorum;

/** How a store orders versions of a key. Thread-safe (an enum). */
public enum Versioning {
  /**
   * Last writer wins: each write is stamped by its coordinator's local, skewable clock (ties
   * broken by coordinator name, then a per-coordinator sequence); replicas keep the highest
   * stamp. A coordinator whose clock lags silently loses its writes to older ones.
   */
  LWW,
  /**
   * Vector clocks: each write's clock is its client's read context advanced at the writing
   * client (the actor). Replicas keep every version no other version descends from, so
   * concurrent writes survive as siblings and are returned to the reader to resolve.
   */
  VECTOR;

  /** Parses a versioning name ({@code "lww"}, {@code "vector"}), ignoring case. */
  public static Versioning parse(String text) {
    return Settings.parseEnum(Versioning.class, "versioning", text);
  }
}
