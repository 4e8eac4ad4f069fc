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
   *
   * <p>Limitation: a write with no client actor (a coordinator-local {@link QuorumNode#write})
   * advances the coordinator's own entry, so two concurrent writes through the same coordinator
   * get clocks that descend from each other and the later one silently replaces the earlier (a
   * lost update). Use {@link #DVV} for server-side actors.
   */
  VECTOR,
  /**
   * Dotted version vectors with server-side actors: the coordinating store node mints a new dot
   * (its name, its durable counter + 1) for each write, discards only the versions whose dots the
   * write's context (what the writer read) contains, and keeps the rest as siblings. Replicas
   * merge by keeping every version whose dot the other versions' contexts do not contain. No
   * lost updates whoever coordinates, and one actor per server rather than per client.
   */
  DVV;

  /** Parses a versioning name ({@code "lww"}, {@code "vector"}, {@code "dvv"}), ignoring case. */
  public static Versioning parse(String text) {
    return Settings.parseEnum(Versioning.class, "versioning", text);
  }
}
