package dev.caplab.replication.crdt;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A last-writer-wins register: each write is stamped with a timestamp and the writing replica;
 * the merge keeps the write with the greater stamp, comparing timestamps first and breaking ties
 * by {@link ReplicaId} order, so every replica picks the same winner. In
 * {@link Mode#FIRST_WRITER_WINS} the smaller stamp wins instead. Concurrent writes are lost
 * silently: that is the price of the register's single value.
 *
 * <p>Timestamps come from the caller (a node's {@code localClock()} in a simulation, a
 * {@code Ticker} or a hybrid clock when embedded), so clock skew shows up as lost writes. A replica
 * must not write two different values with the same timestamp: a merge that finds two values under
 * one stamp throws {@link IllegalStateException}. {@link #clear} writes an empty value (a
 * tombstone) under a stamp.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <V> the value type
 */
public final class LWWRegister<V> extends CrdtBase<LWWRegister<V>, Optional<V>> {

  /** Which of two stamped writes a merge keeps. */
  public enum Mode {
    /** The greater (timestamp, replica) stamp wins. */
    LAST_WRITER_WINS,
    /** The smaller (timestamp, replica) stamp wins: the register keeps its first write. */
    FIRST_WRITER_WINS
  }

  private final Mode mode;
  private final boolean written;
  private final long timestamp;
  private final ReplicaId writer; // null until written
  private final V value; // null when unwritten or cleared

  private LWWRegister(Mode mode, boolean written, long timestamp, ReplicaId writer, V value) {
    this.mode = mode;
    this.written = written;
    this.timestamp = timestamp;
    this.writer = writer;
    this.value = value;
  }

  /** An unwritten last-writer-wins register. */
  public static <V> LWWRegister<V> empty() {
    return empty(Mode.LAST_WRITER_WINS);
  }

  /** An unwritten register in {@code mode}. */
  public static <V> LWWRegister<V> empty(Mode mode) {
    return new LWWRegister<>(Objects.requireNonNull(mode, "mode"), false, 0, null, null);
  }

  /** Writes {@code value} stamped ({@code timestamp}, {@code replica}); it stays only if it wins. */
  public LWWRegister<V> set(ReplicaId replica, long timestamp, V value) {
    return merge(setDelta(replica, timestamp, value));
  }

  /** The delta of {@link #set}: the stamped write alone. */
  public LWWRegister<V> setDelta(ReplicaId replica, long timestamp, V value) {
    Objects.requireNonNull(value, "value (use clear to empty the register)");
    return new LWWRegister<>(mode, true, timestamp, Objects.requireNonNull(replica, "replica"), value);
  }

  /** Empties the register with a stamped tombstone, which wins or loses like any write. */
  public LWWRegister<V> clear(ReplicaId replica, long timestamp) {
    return merge(clearDelta(replica, timestamp));
  }

  public LWWRegister<V> clearDelta(ReplicaId replica, long timestamp) {
    return new LWWRegister<>(mode, true, timestamp, Objects.requireNonNull(replica, "replica"), null);
  }

  public Mode mode() {
    return mode;
  }

  /** The winning write's timestamp, if any write happened. */
  public OptionalLong timestamp() {
    return written ? OptionalLong.of(timestamp) : OptionalLong.empty();
  }

  /** The winning write's replica, if any write happened. */
  public Optional<ReplicaId> writer() {
    return Optional.ofNullable(writer);
  }

  /** Whether a write (possibly a clear) has happened. */
  public boolean isWritten() {
    return written;
  }

  /** The winning value; empty if never written or cleared. */
  @Override
  public Optional<V> value() {
    return Optional.ofNullable(value);
  }

  @Override
  public long metadataBytes() {
    return written ? Metadata.COUNTER_BYTES + Metadata.replica(writer) : 0;
  }

  @Override
  String typeName() {
    return "LWWRegister(" + mode + ")";
  }

  @Override
  LWWRegister<V> mergeSame(LWWRegister<V> other) {
    requireSameMode(other, "merge");
    if (!other.written) {
      return this;
    }
    if (!written) {
      return other;
    }
    int c = compareStamps(other);
    if (c == 0) {
      if (!Objects.equals(value, other.value)) {
        throw new IllegalStateException(
            "LWWRegister.merge: replica " + writer + " wrote two different values at timestamp "
                + timestamp + ": " + describe(value) + " and " + describe(other.value));
      }
      return this;
    }
    return (c > 0) == (mode == Mode.LAST_WRITER_WINS) ? this : other;
  }

  @Override
  boolean isLessOrEqualSame(LWWRegister<V> other) {
    requireSameMode(other, "compare");
    if (!written) {
      return true;
    }
    if (!other.written) {
      return false;
    }
    int c = compareStamps(other);
    return mode == Mode.LAST_WRITER_WINS ? c <= 0 : c >= 0;
  }

  private void requireSameMode(LWWRegister<V> other, String operation) {
    if (mode != other.mode) {
      throw new IllegalArgumentException(
          "cannot " + operation + " " + typeName() + " with " + other.typeName());
    }
  }

  private int compareStamps(LWWRegister<V> other) {
    int c = Long.compare(timestamp, other.timestamp);
    return c != 0 ? c : writer.compareTo(other.writer);
  }

  private static String describe(Object v) {
    return v == null ? "(cleared)" : String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LWWRegister<?> r
        && mode == r.mode
        && written == r.written
        && timestamp == r.timestamp
        && Objects.equals(writer, r.writer)
        && Objects.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode.ordinal(), written, timestamp, writer, value); // an enum's hash is per JVM
  }

  @Override
  public String toString() {
    return written
        ? "LWWRegister(" + describe(value) + " @" + timestamp + " by " + writer + ")"
        : "LWWRegister(unwritten)";
  }
}
