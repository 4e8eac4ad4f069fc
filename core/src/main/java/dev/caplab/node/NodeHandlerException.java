package dev.caplab.node;

/**
 * A node's handler threw: the run stops here, with the node, the event and the simulated time
 * in the message and the handler's exception as the cause.
 */
public final class NodeHandlerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** For runtimes: {@code message} names the node, the handler, the message and the time. */
  public NodeHandlerException(String message, Throwable cause) {
    super(message, cause);
  }
}
