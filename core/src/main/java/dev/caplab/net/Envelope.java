package dev.caplab.net;

/**
 * A message in flight: the payload (a record of some protocol's sealed message interface) with
 * its routing and correlation data.
 *
 * <p>A duplicated message is delivered as the same envelope twice, as a duplicated packet would
 * be. Immutable; thread-safe if the payload is.
 *
 * @param id unique among the messages of its sender (a per-sender sequence); a call's correlation id
 * @param from the sender
 * @param to the destination
 * @param message the payload
 * @param sentAt simulated send time in nanoseconds
 * @param inReplyTo the id of the call request this answers, or 0
 * @param awaitsReply whether the sender is waiting for a reply (a call request)
 */
public record Envelope(
    long id, NodeId from, NodeId to, Object message, long sentAt, long inReplyTo, boolean awaitsReply) {

  /** Whether this is a reply to a call. */
  public boolean isReply() {
    return inReplyTo != 0;
  }
}
