package dev.caplab.messaging.queue;

/**
 * Why a message is in a dead-letter queue, carried by the message there.
 *
 * @param originalQueue the queue it was dead-lettered from, where a redrive returns it by default
 * @param reason the last error its consumer reported, or why the queue gave up on it
 * @param receiveCount how many times it was received from {@code originalQueue}
 * @param sentNanos when it was sent to {@code originalQueue} (ticker nanoseconds)
 * @param firstReceivedNanos when it was first received there, -1 if never
 * @param deadLetteredNanos when it was moved to the dead-letter queue
 */
public record DeadLetter(
    String originalQueue,
    String reason,
    int receiveCount,
    long sentNanos,
    long firstReceivedNanos,
    long deadLetteredNanos) {}
