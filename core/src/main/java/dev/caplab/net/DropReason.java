package dev.caplab.net;

/** Why the network or a node lost a message; each is counted separately. */
public enum DropReason {
  /** The link's loss probability struck. */
  LOSS,
  /** A partition or one-way cut separated sender and receiver at send or arrival time. */
  PARTITION,
  /** The destination was down when the message arrived, or crashed with it still queued. */
  CRASH,
  /** The destination's bounded inbox was full. */
  INBOX_OVERFLOW
}
