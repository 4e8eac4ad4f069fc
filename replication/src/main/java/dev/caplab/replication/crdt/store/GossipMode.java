package dev.caplab.replication.crdt.store;

/** What a replica ships to a peer in an anti-entropy round. */
public enum GossipMode {
  /**
   * The whole state of every key, every round: simple and self-repairing (a lost message is
   * covered by the next round), and the cost grows with the state, not with the updates.
   */
  FULL_STATE,
  /**
   * Only the deltas the peer has not acknowledged, joined per key (delta-state anti-entropy, as
   * in Almeida, Shoker and Baquero): a replica keeps a bounded buffer of the deltas it produced or
   * received, remembers per peer the last buffer position the peer acknowledged, and falls back to
   * its full state when it knows nothing about the peer (first contact, or after its own restart)
   * or when the buffer no longer holds what the peer missed.
   */
  DELTA
}
