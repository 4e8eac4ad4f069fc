package dev.caplab.examples.register;

/** The messages of the naive replicated register: a closed family. */
sealed interface RegisterMessage {

  /** Client to replica: "what is the value?" (a call; answered with {@link ReadOk}). */
  record Read() implements RegisterMessage {}

  /** Replica to client: the replica's local value ({@code null} before any write). */
  record ReadOk(Long value) implements RegisterMessage {}

  /** Client to replica: "set the value" (a call; answered with {@link WriteOk}). */
  record Write(long value) implements RegisterMessage {}

  /** Replica to client: the write is applied locally (not yet anywhere else). */
  record WriteOk() implements RegisterMessage {}

  /** Replica to replica, fire and forget: "I accepted this value; overwrite yours". */
  record Replicate(long value) implements RegisterMessage {}
}
