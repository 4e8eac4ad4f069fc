package dev.caplab.net;

import java.util.Objects;

/**
 * A message in flight: the payload (a record of some protocol's sealed message interface) with
 * its routing and correlation data.
 *
 * <p>A duplicated message is delivered as the same envelope twice, as a duplicated packet would
 * be. A message is either a plain one, a request awaiting a reply, or a reply to a request, never
 * two of these; the two correlation facts share one field, which keeps an envelope at 48 bytes:
 * every message of a run allocates one.
 *
 * <p>Immutable; thread-safe if the payload is.
 */
public final class Envelope {

  /** The correlation value of a request that awaits a reply. */
  private static final long AWAITS_REPLY = -1;

  private final long id;
  private final NodeId from;
  private final NodeId to;
  private final Object message;
  private final long sentAt;
  /** 0: a plain message; > 0: the id of the request this answers; {@link #AWAITS_REPLY}: a request. */
  private final long correlation;

  /**
   * An envelope; made by a runtime when a node sends.
   *
   * @param id unique among the messages of its sender (a per-sender sequence); a call's
   *     correlation id
   * @param from the sender
   * @param to the destination
   * @param message the payload
   * @param sentAt send time in nanoseconds, on the runtime's clock
   * @param inReplyTo the id of the call request this answers, or 0
   * @param awaitsReply whether the sender is waiting for a reply (a call request)
   * @throws IllegalArgumentException if {@code inReplyTo} is negative, or a reply awaits a reply
   */
  public Envelope(long id, NodeId from, NodeId to, Object message, long sentAt, long inReplyTo, boolean awaitsReply) {
    if (inReplyTo < 0) {
      throw new IllegalArgumentException("inReplyTo must be >= 0 (0 for none), got " + inReplyTo);
    }
    if (awaitsReply && inReplyTo != 0) {
      throw new IllegalArgumentException("a reply (inReplyTo " + inReplyTo + ") cannot await a reply itself");
    }
    this.id = id;
    this.from = from;
    this.to = to;
    this.message = message;
    this.sentAt = sentAt;
    this.correlation = awaitsReply ? AWAITS_REPLY : inReplyTo;
  }

  /** Unique among the messages of its sender; a call's correlation id. */
  public long id() {
    return id;
  }

  /** The sender. */
  public NodeId from() {
    return from;
  }

  /** The destination. */
  public NodeId to() {
    return to;
  }

  /** The payload. */
  public Object message() {
    return message;
  }

  /** Send time in nanoseconds, on the runtime's clock (simulated time in a simulation). */
  public long sentAt() {
    return sentAt;
  }

  /** The id of the call request this answers, or 0. */
  public long inReplyTo() {
    return correlation > 0 ? correlation : 0;
  }

  /** Whether the sender is waiting for a reply (a call request). */
  public boolean awaitsReply() {
    return correlation == AWAITS_REPLY;
  }

  /** Whether this is a reply to a call. */
  public boolean isReply() {
    return correlation > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Envelope e && e.id == id && e.sentAt == sentAt && e.correlation == correlation
        && Objects.equals(e.from, from) && Objects.equals(e.to, to) && Objects.equals(e.message, message));
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, from, to, message, sentAt, correlation);
  }

  @Override
  public String toString() {
    return "Envelope[id=" + id + ", from=" + from + ", to=" + to + ", message=" + message + ", sentAt=" + sentAt
        + ", inReplyTo=" + inReplyTo() + ", awaitsReply=" + awaitsReply() + "]";
  }
}
