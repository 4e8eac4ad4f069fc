package dev.caplab.examples.resilience.circuitbreaker;

/** What the web service and its backends say to each other: one request, one of two answers. */
sealed interface BackendMessage {

  /** The web service asks a backend for the data of user request {@code request}. */
  record Fetch(int request) implements BackendMessage {}

  /** The backend's data for {@code request}. */
  record Fetched(int request) implements BackendMessage {}

  /** The backend could not serve {@code request} (an HTTP 500, say). */
  record Failed(int request) implements BackendMessage {}
}
