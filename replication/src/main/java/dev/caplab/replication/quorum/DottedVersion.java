package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import dev.caplab.replication.ring.RingHash;
import dev.caplab.replication.version.VersionVector;
import java.util.Objects;

/**
 * A dotted version vector (Preguiça et al.): the <em>dot</em> that names one write, {@code
 * (actor, counter)}, minted by the store node that coordinated it (a server-side actor, never a
 * client), plus the causal <em>context</em> the writer had read. The write's causal history is
 * the context plus the dot; a version is obsolete exactly when another version's context contains
 * its dot. Unlike a plain vector clock advanced at the coordinator, two writes with the same
 * context through the same coordinator get different dots that neither context contains, so both
 * survive as siblings. Immutable and thread-safe.
 *
 * @param actor the node that minted the dot
 * @param counter the node's write counter for this dot (>= 1)
 * @param context what the writer had read: every dot it supersedes
 */
public record DottedVersion(String actor, long counter, VersionVector context) implements Version {

  public DottedVersion {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(context, "context");
    Require.atLeast("dot counter", counter, 1L);
  }

  /** Whether {@code clock} contains this version's dot (so this version is in its causal past). */
  public boolean coveredBy(VersionVector clock) {
    return clock.contains(actor, counter);
  }

  /** The causal history as a version vector: the context joined with the dot. */
  public VersionVector history() {
    // Not contained: the context's entry is below the counter, so advancing it gives the counter.
    return context.contains(actor, counter) ? context : context.advance(actor, counter);
  }

  @Override
  public long digest() {
    return RingHash.mix(RingHash.mix(RingHash.mix(0xd077, RingHash.hash64(actor)), counter), VectorClock.digest(context));
  }

  @Override
  public String toString() {
    return "(" + actor + "," + counter + ")" + context;
  }
}
