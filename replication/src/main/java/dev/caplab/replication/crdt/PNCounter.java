package dev.caplab.replication.crdt;

import java.math.BigInteger;

/**
 * A counter that goes up and down: two {@link GCounter}s, one of increments and one of
 * decrements; the value is their difference.
 *
 * <p>Immutable and thread-safe.
 */
public final class PNCounter extends CrdtBase<PNCounter, Long> {

  private static final PNCounter ZERO = new PNCounter(GCounter.zero(), GCounter.zero());

  private final GCounter increments;
  private final GCounter decrements;

  private PNCounter(GCounter increments, GCounter decrements) {
    this.increments = increments;
    this.decrements = decrements;
  }

  public static PNCounter zero() {
    return ZERO;
  }

  /** Adds {@code amount} (at least 0) at {@code replica}. */
  public PNCounter increment(ReplicaId replica, long amount) {
    GCounter.requireAmount("PNCounter.increment", amount);
    return new PNCounter(increments.increment(replica, amount), decrements);
  }

  public PNCounter incrementDelta(ReplicaId replica, long amount) {
    GCounter.requireAmount("PNCounter.incrementDelta", amount);
    return new PNCounter(increments.incrementDelta(replica, amount), GCounter.zero());
  }

  /** Subtracts {@code amount} (at least 0) at {@code replica}. */
  public PNCounter decrement(ReplicaId replica, long amount) {
    GCounter.requireAmount("PNCounter.decrement", amount);
    return new PNCounter(increments, decrements.increment(replica, amount));
  }

  public PNCounter decrementDelta(ReplicaId replica, long amount) {
    GCounter.requireAmount("PNCounter.decrementDelta", amount);
    return new PNCounter(GCounter.zero(), decrements.incrementDelta(replica, amount));
  }

  public GCounter increments() {
    return increments;
  }

  public GCounter decrements() {
    return decrements;
  }

  /**
   * Increments minus decrements; {@link ArithmeticException} only if that result overflows a
   * long. Either total alone may overflow on the way (one replica added {@code Long.MAX_VALUE},
   * another added and removed one), so the difference is then taken in exact arithmetic.
   */
  @Override
  public Long value() {
    try {
      return Math.subtractExact(increments.value(), decrements.value());
    } catch (ArithmeticException overflowOnTheWay) {
      return exactValue();
    }
  }

  private long exactValue() {
    BigInteger sum = BigInteger.ZERO;
    for (long c : increments.counts().values()) {
      sum = sum.add(BigInteger.valueOf(c));
    }
    for (long c : decrements.counts().values()) {
      sum = sum.subtract(BigInteger.valueOf(c));
    }
    if (sum.bitLength() > 63) {
      throw new ArithmeticException("PNCounter.value: " + sum + " overflows a long");
    }
    return sum.longValue();
  }

  @Override
  public long metadataBytes() {
    return increments.metadataBytes() + decrements.metadataBytes();
  }

  @Override
  PNCounter mergeSame(PNCounter other) {
    return new PNCounter(increments.merge(other.increments), decrements.merge(other.decrements));
  }

  @Override
  boolean isLessOrEqualSame(PNCounter other) {
    return increments.isLessOrEqual(other.increments) && decrements.isLessOrEqual(other.decrements);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PNCounter p && increments.equals(p.increments) && decrements.equals(p.decrements);
  }

  @Override
  public int hashCode() {
    return increments.hashCode() * 31 + decrements.hashCode();
  }

  @Override
  public String toString() {
    return "PNCounter(+" + increments.counts() + ", -" + decrements.counts() + ")";
  }
}
