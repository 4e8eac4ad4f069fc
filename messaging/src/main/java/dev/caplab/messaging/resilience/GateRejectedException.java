package dev.caplab.messaging.resilience;

/**
 * The default rejection of a {@link CallGate} that did not permit a call.
 *
 * <p>Immutable; thread-safe.
 */
public class GateRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public GateRejectedException(String gateName) {
    super("CallGate '" + gateName + "' does not permit further calls");
  }
}
