package dev.caplab.examples.broadcast;

import dev.caplab.replication.version.VersionVector;

/** The messages of the gossip protocol: a closed family, so handlers can check they saw them all. */
sealed interface GossipMessage {

  /** "Here is everything I know": the sender's version vector at send time. */
  record Push(VersionVector known) implements GossipMessage {}
}
