package dev.caplab.replication.quorum;

/**
 * Observes client operations, for recording a history for the checkers: called when a client
 * invokes an operation and when it completes, on the simulation thread.
 */
public interface OperationListener {

  /** A client started an operation ({@link OperationEvent.Type#INVOKE}). */
  void onInvoke(OperationEvent event);

  /** The operation completed ({@code OK}, {@code FAIL} or {@code INFO}). */
  void onComplete(OperationEvent event);

  /** A listener that ignores everything. */
  static OperationListener none() {
    return new OperationListener() {
      @Override
      public void onInvoke(OperationEvent event) {}

      @Override
      public void onComplete(OperationEvent event) {}
    };
  }
}
