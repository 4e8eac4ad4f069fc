package dev.caplab.examples.resilience.thunderingherd;

/** The recovering service's protocol: a request and its answer. */
sealed interface ApiMessage {

  /** Do one unit of work. */
  record Request(long id) implements ApiMessage {}

  /** The work is done. */
  record Response(long id) implements ApiMessage {}
}
