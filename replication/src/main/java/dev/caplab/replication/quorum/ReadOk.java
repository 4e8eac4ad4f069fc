package dev.caplab.replication.quorum;

import dev.caplab.replication.version.VersionVector;
import java.util.List;

/**
 * A read's answer: the merge of what the first R replicas returned.
 *
 * @param key the key read
 * @param siblings the newest versions found, or null if no answering replica had the key
 * @param answered how many replicas answered before the coordinator replied
 */
public record ReadOk(String key, Siblings siblings, int answered) implements QuorumResult {

  /** The values found (one under LWW; possibly several concurrent siblings under VECTOR or DVV). */
  public List<String> values() {
    return siblings == null ? List.of() : siblings.values();
  }

  /**
   * The single value, or null if the key was absent.
   *
   * @throws IllegalStateException if there are concurrent siblings (use {@link #value(SiblingResolver)})
   */
  public String value() {
    if (siblings == null) {
      return null;
    }
    if (siblings.hasConflict()) {
      throw new IllegalStateException("key '" + key + "' has " + siblings.versions().size()
          + " concurrent siblings " + siblings.values() + "; resolve them with value(resolver)");
    }
    return siblings.versions().get(0).value();
  }

  /** The value, with concurrent siblings resolved by {@code resolver}. */
  public String value(SiblingResolver resolver) {
    if (siblings == null || !siblings.hasConflict()) {
      return value();
    }
    return resolver.resolve(key, siblings.values());
  }

  /** The context a follow-up write should carry so it supersedes every sibling read. */
  public VersionVector context() {
    return siblings == null ? VersionVector.empty() : siblings.context();
  }
}
