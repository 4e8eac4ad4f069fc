package dev.caplab.messaging.queue;

/**
 * A snapshot of one queue's counters and depths. Conservation reads: every message that entered
 * ({@code sent + deadLetteredIn + redrivenIn}) is deleted, dead-lettered out, expired, redriven out
 * or still held ({@code visible + inFlight + delayed}).
 *
 * @param sent messages sent to the queue by producers
 * @param deadLetteredIn messages moved in from the queues that use this one as their dead-letter queue
 * @param redrivenIn messages moved in by a redrive from a dead-letter queue
 * @param receives messages handed out by receives, redeliveries included
 * @param deleted messages deleted (acknowledged)
 * @param deadLetteredOut messages moved out to this queue's dead-letter queue
 * @param expired messages dropped because their retention period ended
 * @param redrivenOut messages moved out by a redrive from this queue
 * @param visible messages a receive may take now
 * @param inFlight received messages whose visibility timeout has not ended
 * @param delayed sent messages whose delivery delay has not ended
 */
public record QueueStats(
    long sent,
    long deadLetteredIn,
    long redrivenIn,
    long receives,
    long deleted,
    long deadLetteredOut,
    long expired,
    long redrivenOut,
    int visible,
    int inFlight,
    int delayed) {

  /** Messages held now: visible, in flight or delayed. */
  public long held() {
    return (long) visible + inFlight + delayed;
  }

  /** Messages that entered the queue. */
  public long entered() {
    return sent + deadLetteredIn + redrivenIn;
  }

  /** Messages that left the queue. */
  public long left() {
    return deleted + deadLetteredOut + expired + redrivenOut;
  }
}
