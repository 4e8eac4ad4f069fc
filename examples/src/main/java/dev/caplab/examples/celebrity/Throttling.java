package dev.caplab.examples.celebrity;

import dev.caplab.replication.quorum.QuorumResult;

/** How the scenario recognises the store's throttled answer (none while the store does not throttle). */
final class Throttling {

  private Throttling() {}

  static boolean isThrottled(QuorumResult result) {
    return false;
  }
}
