package dev.caplab.replication.quorum;

import java.util.Objects;

/**
 * One line of a client history (DESIGN section 5): an invocation or a completion.
 *
 * @param process the client's process number (at most one outstanding operation)
 * @param type invoke, ok (took effect), fail (did not take effect) or info (unknown)
 * @param f "read" or "write"
 * @param key the key
 * @param value the written value; for a completed read the value read (null if absent, a
 *     {@code List<String>} of siblings when unresolved)
 * @param time simulated nanoseconds at the client
 */
public record OperationEvent(int process, Type type, String f, String key, Object value, long time) {

  /** History event types. */
  public enum Type {
    INVOKE, OK, FAIL, INFO
  }

  public OperationEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
  }
}
