package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import java.util.Objects;

/**
 * A last-writer-wins timestamp: the coordinator's local clock reading when it accepted the write,
 * then the coordinator's name and a per-coordinator sequence as deterministic tie-breaks. The
 * clock is the node's skewable {@code localClock()}, not true time, which is exactly why LWW can
 * order a later write before an earlier one. Immutable and thread-safe.
 *
 * @param timestamp the coordinator's local clock in nanoseconds
 * @param node the coordinator's name
 * @param sequence the coordinator's write counter
 */
public record LwwStamp(long timestamp, String node, long sequence) implements Version, Comparable<LwwStamp> {

  public LwwStamp {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public int compareTo(LwwStamp other) {
    int c = Long.compare(timestamp, other.timestamp);
    if (c != 0) {
      return c;
    }
    c = node.compareTo(other.node);
    return c != 0 ? c : Long.compare(sequence, other.sequence);
  }

  @Override
  public long digest() {
    return RingHash.mix(RingHash.mix(RingHash.hash64(node), timestamp), sequence);
  }
}
