package dev.caplab.replication.quorum;

/**
 * A request failed because too few replicas answered before the request timeout. A failed write
 * may still have reached some replicas (its outcome is unknown to a history checker).
 *
 * @param key the key
 * @param operation "read" or "write"
 * @param required how many answers the request needed
 * @param answered how many it got
 * @param contacted how many replicas (and fallbacks) it asked
 */
public record Unavailable(String key, String operation, int required, int answered, int contacted)
    implements QuorumResult {

  @Override
  public String toString() {
    return "Unavailable[" + operation + " '" + key + "': " + answered + " of " + required
        + " required replicas answered (" + contacted + " contacted)]";
  }
}
