package dev.caplab.node;

/**
 * The answer a node with a full inbox and the {@link OverflowPolicy#REJECT} policy sends back to
 * a call it refuses; it fails the caller's call fast with {@link CallFailure#REJECTED}.
 *
 * @param inboxCapacity the callee's inbox bound that was hit
 */
public record Overloaded(int inboxCapacity) {}
