package dev.caplab.sim;

/**
 * One entry of the optional trace log, kept for diagrams and debugging.
 *
 * @param time simulated nanoseconds
 * @param kind what happened
 * @param from index of the sending (or affected) node, -1 when none
 * @param to index of the receiving node, -1 when none
 * @param detail a kind-specific number (the message id for sends and deliveries)
 * @param label a kind-specific name (the message type, drop reason or fault description)
 */
public record TraceEvent(long time, TraceKind kind, int from, int to, long detail, String label) {}
