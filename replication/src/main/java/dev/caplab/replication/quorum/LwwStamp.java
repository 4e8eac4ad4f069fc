package dev.caplab.replication.quorum;

import dev.caplab.replication.ring.RingHash;
import java.util.Comparator;
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

  private static final Comparator<LwwStamp> ORDER = Comparator.comparingLong(LwwStamp::timestamp)
      .thenComparing(LwwStamp::node).thenComparingLong(LwwStamp::sequence);

  public LwwStamp {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public int compareTo(LwwStamp other) {
    return ORDER.compare(this, other);
  }

  @Override
  public long digest() {
    return RingHash.mix(RingHash.mix(RingHash.hash64(node), timestamp), sequence);
  }
}
