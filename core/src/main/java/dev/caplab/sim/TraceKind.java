package dev.caplab.sim;

/** What a trace event records. Every kind feeds the trace hash. */
public enum TraceKind {
  /** A message left its sender. */
  SEND,
  /** A message reached its destination node. */
  DELIVER,
  /** A message was lost; the label is the {@code DropReason}. */
  DROP,
  /** The network made a second copy of a message. */
  DUPLICATE,
  /** A scheduled action or node timer fired. */
  TIMER,
  /** A request/response call ran out of time before its reply arrived. */
  CALL_TIMEOUT,
  /** A node crashed, losing its volatile state. */
  CRASH,
  /** A crashed node was rebuilt from its factory and durable storage. */
  RESTART,
  /** A fault was injected or healed (partition, cut, skew, link change...). */
  FAULT
}
