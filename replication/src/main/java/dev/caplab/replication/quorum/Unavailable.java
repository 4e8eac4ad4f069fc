package dev.caplab.replication.quorum;

import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A request failed: either its coordinator gathered too few replica answers before the request
 * timeout, or the client never heard from the coordinator at all ({@link #unreachable()} says
 * which coordinator and why). A failed write may still have reached some replicas (its outcome
 * is unknown to a history checker).
 *
 * @param key the key
 * @param operation "read" or "write"
 * @param required how many replica answers the request needed
 * @param answered how many it got (0 when the coordinator was unreachable: the client knows of none)
 * @param contacted how many replicas (and fallbacks) the coordinator asked (0 when it was unreachable)
 * @param unreachable the coordinator the client could not reach, or null when the coordinator
 *     answered (then too few replicas did)
 */
public record Unavailable(String key, String operation, int required, int answered, int contacted,
    Unreachable unreachable) implements QuorumResult {

  /** Too few replicas answered a coordinator that did answer the client. */
  public Unavailable(String key, String operation, int required, int answered, int contacted) {
    this(key, operation, required, answered, contacted, null);
  }

  /**
   * The client got no answer from {@code coordinator}, so it cannot know whether any replica was
   * asked, let alone answered.
   */
  public static Unavailable coordinatorUnreachable(String key, String operation, int required,
      Unreachable unreachable) {
    return new Unavailable(key, operation, required, 0, 0, Objects.requireNonNull(unreachable, "unreachable"));
  }

  /** Whether the client heard from its coordinator (then too few replicas answered it). */
  public boolean coordinatorAnswered() {
    return unreachable == null;
  }

  @Override
  public String toString() {
    String what = "Unavailable[" + operation + " '" + key + "': ";
    if (unreachable != null) {
      return what + unreachable + "; " + required + " replica answers were required]";
    }
    return what + answered + " of " + required + " required replicas answered (" + contacted + " contacted)]";
  }

  /**
   * Why a client heard nothing from its coordinator.
   *
   * @param coordinator the coordinator the client called
   * @param failure how the call ended: {@link CallFailure#TIMEOUT} (no reply within {@code
   *     timeout}: the request or its reply was lost or cut off by a partition, or the coordinator
   *     is down or too slow; a client cannot tell these apart) or {@link CallFailure#REJECTED}
   *     (the coordinator's inbox was full)
   * @param timeout how long the client waited
   */
  public record Unreachable(NodeId coordinator, CallFailure failure, Duration timeout) {
    public Unreachable {
      Objects.requireNonNull(coordinator, "coordinator");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
      if (failure == CallFailure.REJECTED) {
        return "coordinator " + coordinator + " unreachable: it refused the request (its inbox was full)";
      }
      return "coordinator " + coordinator + " unreachable: no reply within " + Durations.exact(timeout)
          + " (timeout: lost or cut off by a partition, or the coordinator is down or too slow)";
    }
  }
}
